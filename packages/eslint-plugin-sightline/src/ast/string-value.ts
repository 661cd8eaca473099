import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";

/** The value of a string literal or of a template literal without expressions; else undefined. */
export function stringValue(node: TSESTree.Node): string | undefined {
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === "string") return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
    return node.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}
