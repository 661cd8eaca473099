import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

/**
 * True for a parameter whose name says it holds an event name (`event`, `eventName`,
 * `failureEvent`): a wrapper that forwards the event its callers pass, as in
 * `function report(event: string) { log.error(event, ...) }`.
 */
export function isEventParameter(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier || !/event/i.test(node.name)) return false;
  const variable = ASTUtils.findVariable(sourceCode.getScope(node), node);
  return variable !== null && variable.defs.length === 1 && variable.defs[0]!.type === "Parameter";
}
