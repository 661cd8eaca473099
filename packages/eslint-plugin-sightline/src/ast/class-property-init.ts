import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";

/**
 * For `this.name` inside a class, the initializer of the class's `name` field
 * (`private readonly requests = new Counter(...)`); undefined when there is none.
 */
export function classPropertyInit(member: TSESTree.MemberExpression, name: string): TSESTree.Expression | undefined {
  if (member.object.type !== AST_NODE_TYPES.ThisExpression) return undefined;
  for (let node: TSESTree.Node | undefined = member.parent; node != null; node = node.parent) {
    if (node.type !== AST_NODE_TYPES.ClassBody) continue;
    for (const element of node.body) {
      if (element.type !== AST_NODE_TYPES.PropertyDefinition || element.computed) continue;
      const key = element.key;
      const keyName =
        key.type === AST_NODE_TYPES.Identifier || key.type === AST_NODE_TYPES.PrivateIdentifier ? key.name : undefined;
      if (keyName === name) return element.value ?? undefined;
    }
    return undefined;
  }
  return undefined;
}
