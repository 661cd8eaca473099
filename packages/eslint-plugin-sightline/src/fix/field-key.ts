import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { toSnakeCase } from "../ast/to-snake-case.ts";
import { unwrap } from "../ast/unwrap.ts";

function memberWords(node: TSESTree.Node): string[] {
  const expression = unwrap(node);
  if (expression.type === AST_NODE_TYPES.Identifier) return [expression.name];
  if (expression.type === AST_NODE_TYPES.MemberExpression && !expression.computed) {
    const property = expression.property;
    return [...memberWords(expression.object), property.name];
  }
  if (expression.type === AST_NODE_TYPES.CallExpression) return memberWords(expression.callee);
  return [];
}

/**
 * A snake_case field name for a value: `userId` → `user_id`, `user.id` → `user_id`,
 * `err.message` → `err_message`, `String(id)` → `string`... ; `fallback` when nothing fits.
 */
export function fieldKey(node: TSESTree.Node, fallback: string): string {
  const words = memberWords(node).filter((word) => word !== "this");
  const key = toSnakeCase(words.slice(-2).join("_"), 6);
  return key === "" ? fallback : key;
}
