// no-secret-fields: log fields never carry secrets. Sightline would write `[REDACTED]` for these
// keys, so logging them only loses the line's meaning — or leaks them through another logger
// (checklist: "Sensitive data redacted from logs").

import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { calleeName } from "../ast/callee-name.ts";
import { isLoggerExpression } from "../ast/is-logger-expression.ts";
import { logMethod } from "../ast/log-method.ts";
import { secretKeyMatcher } from "../ast/secret-key-matcher.ts";
import { sightlineSettings } from "../ast/settings.ts";
import { unwrap } from "../ast/unwrap.ts";
import { createRule } from "../create-rule.ts";
import { removeProperty } from "../fix/remove-property.ts";
import { DEFAULT_REPLACEMENT, DEFAULT_SENSITIVE_KEYS } from "../redact/defaults.ts";

export type Options = [
  {
    /** More sensitive key names, added to Sightline's defaults. */
    keys?: string[];
    /** Whole keys that are not secrets although they contain a sensitive word (`token_count`). */
    allow?: string[];
  },
];

export type MessageId = "secretField" | "suggestRemove";

const BINDING_METHODS = new Set(["bind", "child"]);

function keyName(property: TSESTree.Property): string | undefined {
  const key = property.key;
  if (!property.computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && typeof key.value === "string") return key.value;
  return undefined;
}

export default createRule<Options, MessageId>({
  name: "no-secret-fields",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow log fields whose names are redaction keys (passwords, tokens, keys, cookies)",
      checklist: "Sensitive data redacted from logs",
      recommended: "error",
    },
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        properties: {
          keys: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description: "More sensitive key names, added to Sightline's defaults.",
          },
          allow: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description: "Whole keys that are not secrets although they contain a sensitive word.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ keys: [], allow: [] }],
    messages: {
      secretField: `Log field '{{key}}' matches the redaction key '{{secret}}': its value would be written as ${DEFAULT_REPLACEMENT}. Do not log secrets; if this is not one, rename the field or list it in \`allow\`.`,
      suggestRemove: "Remove the field '{{key}}'.",
    },
  },
  create(context, [options]) {
    const settings = sightlineSettings(context);
    const sourceCode = context.sourceCode;
    const matchSecret = secretKeyMatcher([...DEFAULT_SENSITIVE_KEYS, ...(options.keys ?? [])], options.allow ?? []);

    function checkObject(object: TSESTree.ObjectExpression): void {
      for (const property of object.properties) {
        if (property.type !== AST_NODE_TYPES.Property) continue;
        const key = keyName(property);
        const secret = key === undefined ? undefined : matchSecret(key);
        if (key !== undefined && secret !== undefined) {
          context.report({
            node: property.key,
            messageId: "secretField",
            data: { key, secret },
            suggest: [
              {
                messageId: "suggestRemove",
                data: { key },
                fix: (fixer) => removeProperty(fixer, property, sourceCode),
              },
            ],
          });
          continue;
        }
        checkValue(property.value);
      }
    }

    function checkValue(node: TSESTree.Node): void {
      const value = unwrap(node);
      if (value.type === AST_NODE_TYPES.ObjectExpression) checkObject(value);
      else if (value.type === AST_NODE_TYPES.ArrayExpression) {
        for (const element of value.elements) if (element !== null) checkValue(element);
      }
    }

    function isBinding(call: TSESTree.CallExpression): boolean {
      const callee = unwrap(call.callee);
      const name = calleeName(call);
      return (
        name !== undefined &&
        BINDING_METHODS.has(name) &&
        callee.type === AST_NODE_TYPES.MemberExpression &&
        isLoggerExpression(callee.object, settings, sourceCode)
      );
    }

    return {
      CallExpression(call) {
        if (logMethod(call, settings, sourceCode) === undefined && !isBinding(call)) return;
        for (const argument of call.arguments) checkValue(argument);
      },
    };
  },
});
