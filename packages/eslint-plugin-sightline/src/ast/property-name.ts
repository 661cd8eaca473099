import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";

/** The static name of `a.b`, `a.#b` or `a["b"]`; undefined for a computed name. */
export function propertyName(member: TSESTree.MemberExpression): string | undefined {
  const property = member.property;
  if (!member.computed) return (property as TSESTree.Identifier | TSESTree.PrivateIdentifier).name;
  if (property.type === AST_NODE_TYPES.Literal && typeof property.value === "string") return property.value;
  return undefined;
}
