import type { TSESLint, TSESTree } from "@typescript-eslint/utils";

/**
 * True when a comment explains a guard clause: a comment inside it, one after its return on the
 * same line, or one that ends on the line just above it.
 */
export function hasExplainingComment(
  guard: TSESTree.IfStatement,
  ret: TSESTree.ReturnStatement,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  if (sourceCode.getCommentsInside(guard.consequent).length > 0) return true;
  const after = sourceCode.getCommentsAfter(ret)[0];
  if (after !== undefined && after.loc.start.line === ret.loc.end.line) return true;
  const before = sourceCode.getCommentsBefore(guard).at(-1);
  return before !== undefined && before.loc.end.line === guard.loc.start.line - 1;
}
