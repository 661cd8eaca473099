import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import type { FunctionNode } from "./is-function.ts";

function keyName(key: TSESTree.Node): string | undefined {
  if (key.type === AST_NODE_TYPES.Identifier || key.type === AST_NODE_TYPES.PrivateIdentifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && typeof key.value === "string") return key.value;
  return undefined;
}

/** The name a function is known by: its own, its variable's, its method's or property's. */
export function functionName(fn: FunctionNode): string | undefined {
  if (fn.id) return fn.id.name;
  const parent = fn.parent;
  switch (parent.type) {
    case AST_NODE_TYPES.VariableDeclarator:
      return parent.id.type === AST_NODE_TYPES.Identifier ? parent.id.name : undefined;
    case AST_NODE_TYPES.MethodDefinition:
    case AST_NODE_TYPES.PropertyDefinition:
    case AST_NODE_TYPES.Property:
      return parent.computed ? undefined : keyName(parent.key);
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.left.type === AST_NODE_TYPES.MemberExpression && !parent.left.computed
        ? keyName(parent.left.property)
        : parent.left.type === AST_NODE_TYPES.Identifier
          ? parent.left.name
          : undefined;
    default:
      return undefined;
  }
}
