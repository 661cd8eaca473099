import { ASTUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

/** Removes one property from an object literal, with the comma that separates it. */
export function removeProperty(
  fixer: TSESLint.RuleFixer,
  property: TSESTree.Property | TSESTree.SpreadElement,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.RuleFix {
  const after = sourceCode.getTokenAfter(property);
  if (after !== null && ASTUtils.isCommaToken(after)) {
    const next = sourceCode.getTokenAfter(after, { includeComments: true });
    return fixer.removeRange([property.range[0], next === null ? after.range[1] : next.range[0]]);
  }
  const before = sourceCode.getTokenBefore(property);
  if (before !== null && ASTUtils.isCommaToken(before)) return fixer.removeRange([before.range[0], property.range[1]]);
  return fixer.remove(property);
}
