import { AST_NODE_TYPES, type TSESLint } from "@typescript-eslint/utils";
import { functionName } from "./function-name.ts";
import type { FunctionNode } from "./is-function.ts";
import { memberChain } from "./member-chain.ts";
import { someDescendant } from "./some-descendant.ts";

/** True when a function calls itself by name (`walk(child)`, `this.walk(child)`): a tree walker. */
export function isRecursive(fn: FunctionNode, visitorKeys: TSESLint.SourceCode.VisitorKeys): boolean {
  const name = functionName(fn);
  if (name === undefined) return false;
  return someDescendant(fn.body, visitorKeys, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = memberChain(node.callee);
    return callee === name || callee === `this.${name}`;
  });
}
