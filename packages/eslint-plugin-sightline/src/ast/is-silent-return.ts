import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { unwrap } from "./unwrap.ts";

/** `return;`, `return undefined;`, `return null;` or `return void 0;`: a return that says nothing. */
export function isSilentReturn(node: TSESTree.Node): node is TSESTree.ReturnStatement {
  if (node.type !== AST_NODE_TYPES.ReturnStatement) return false;
  if (node.argument === null) return true;
  const value = unwrap(node.argument);
  if (value.type === AST_NODE_TYPES.Identifier) return value.name === "undefined";
  if (value.type === AST_NODE_TYPES.Literal) return value.value === null && !("regex" in value);
  return value.type === AST_NODE_TYPES.UnaryExpression && value.operator === "void";
}
