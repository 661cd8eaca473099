import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { propertyName } from "./property-name.ts";
import { unwrap } from "./unwrap.ts";

/** `"c.req.path"` for `c.req.path` (also `c?.req!.path`); undefined when a part is not a plain name. */
export function memberChain(node: TSESTree.Node): string | undefined {
  const expression = unwrap(node);
  if (expression.type === AST_NODE_TYPES.Identifier) return expression.name;
  if (expression.type === AST_NODE_TYPES.ThisExpression) return "this";
  if (expression.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = propertyName(expression);
  if (name === undefined) return undefined;
  const object = memberChain(expression.object);
  return object === undefined ? undefined : `${object}.${name}`;
}
