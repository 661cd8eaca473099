import { AST_NODE_TYPES, type TSESLint } from "@typescript-eslint/utils";
import { isFunction, type FunctionNode } from "./is-function.ts";
import { isSilentReturn } from "./is-silent-return.ts";
import { someDescendant } from "./some-descendant.ts";

/** True when a function (not the functions inside it) returns a value somewhere: `return user`. */
export function returnsValue(fn: FunctionNode, visitorKeys: TSESLint.SourceCode.VisitorKeys): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return true;
  return someDescendant(
    fn.body,
    visitorKeys,
    (node) => node.type === AST_NODE_TYPES.ReturnStatement && !isSilentReturn(node),
    isFunction,
  );
}
