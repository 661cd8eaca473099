import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { propertyName } from "./property-name.ts";
import { unwrap } from "./unwrap.ts";

/** The name a call or `new` is made by: `f` for `f()`, `m` for `a.b.m()`, `C` for `new x.C()`. */
export function calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return propertyName(callee);
  return undefined;
}
