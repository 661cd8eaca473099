// Puts new fields into a log call's fields argument: into the object literal when there is one,
// around the existing value (`{ ...fields, user_id }`) when it is not a literal, or as a new
// argument when there is none.

import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { fieldsObject } from "./fields-object.ts";

export function addFields(
  fixer: TSESLint.RuleFixer,
  call: TSESTree.CallExpression,
  fieldsIndex: number,
  fields: readonly { key: string; value: string }[],
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.RuleFix | undefined {
  if (fields.length === 0) return undefined;
  const existing = call.arguments[fieldsIndex];
  if (existing === undefined) {
    if (call.arguments.length !== fieldsIndex) return undefined;
    // before the call's closing parenthesis, after any parentheses around the last argument
    const closing = sourceCode.getLastToken(call);
    const before = closing === null ? null : sourceCode.getTokenBefore(closing);
    if (closing === null || before === null) return undefined;
    return ASTUtils.isCommaToken(before)
      ? fixer.insertTextAfter(before, ` ${fieldsObject(fields)}`)
      : fixer.insertTextBefore(closing, `, ${fieldsObject(fields)}`);
  }
  if (existing.type === AST_NODE_TYPES.ObjectExpression) {
    if (existing.properties.length === 0) return fixer.replaceText(existing, fieldsObject(fields));
    const inner = fieldsObject(fields).slice(2, -2);
    return fixer.insertTextBefore(existing.properties[0]!, `${inner}, `);
  }
  if (existing.type === AST_NODE_TYPES.SpreadElement) return undefined;
  const spread = { key: `...${sourceCode.getText(existing)}`, value: `...${sourceCode.getText(existing)}` };
  return fixer.replaceText(existing, fieldsObject([spread, ...fields]));
}
