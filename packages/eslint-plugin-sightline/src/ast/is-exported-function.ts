import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import type { FunctionNode } from "./is-function.ts";

/**
 * `export function f`, `export const f = () => ...`, `export default function`, or a
 * non-private method of an exported class.
 */
export function isExportedFunction(fn: FunctionNode): boolean {
  let node: TSESTree.Node = fn;
  const parent = fn.parent;
  if (parent.type === AST_NODE_TYPES.MethodDefinition) {
    if (parent.accessibility === "private" || parent.key.type === AST_NODE_TYPES.PrivateIdentifier) return false;
    node = parent.parent.parent; // ClassBody → ClassDeclaration | ClassExpression
  } else if (parent.type === AST_NODE_TYPES.VariableDeclarator) {
    node = parent.parent;
  }
  const container = node.parent;
  return (
    container?.type === AST_NODE_TYPES.ExportNamedDeclaration ||
    container?.type === AST_NODE_TYPES.ExportDefaultDeclaration
  );
}
