import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { propertyName } from "./property-name.ts";
import { unwrap } from "./unwrap.ts";

/** `"log"` for `console.log(...)` on the global console (not a local one); else undefined. */
export function consoleMethod(
  call: TSESTree.CallExpression,
  sourceCode: Readonly<TSESLint.SourceCode>,
): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const object = unwrap(callee.object);
  if (object.type !== AST_NODE_TYPES.Identifier || object.name !== "console") return undefined;
  const variable = ASTUtils.findVariable(sourceCode.getScope(object), object);
  if (variable !== null && variable.defs.length > 0) return undefined;
  return propertyName(callee);
}
