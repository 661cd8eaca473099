// no-console: server code logs through the logger, so every line is structured, levelled,
// redacted and carries the request id (checklist: "Request ID in all logs", "Sensitive data
// redacted from logs").

import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { consoleMethod } from "../ast/console-method.ts";
import { loggerInScope } from "../ast/logger-in-scope.ts";
import { sightlineSettings } from "../ast/settings.ts";
import { stringValue } from "../ast/string-value.ts";
import { toSnakeCase } from "../ast/to-snake-case.ts";
import { unwrap } from "../ast/unwrap.ts";
import { createRule } from "../create-rule.ts";
import { fieldKey } from "../fix/field-key.ts";
import { fieldsObject } from "../fix/fields-object.ts";
import { uniqueKeys } from "../fix/unique-keys.ts";

export type Options = [
  {
    /** Console methods that stay allowed (`["table"]`). */
    allow?: string[];
  },
];

export type MessageId = "useLogger" | "suggestLogger";

/** The logger method each console method becomes. */
const LEVELS: Readonly<Record<string, string>> = {
  log: "info",
  info: "info",
  debug: "debug",
  trace: "debug",
  warn: "warning",
  error: "error",
};
const PLACEHOLDER_EVENT = "todo_event_name";

export default createRule<Options, MessageId>({
  name: "no-console",
  meta: {
    type: "suggestion",
    docs: {
      description: "Disallow console output in server code; log through the logger",
      checklist: "Request ID in all logs",
      recommended: "warn",
    },
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        properties: {
          allow: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description: "Console methods that stay allowed.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allow: [] }],
    messages: {
      useLogger:
        "console.{{method}} writes unstructured lines without level, request id or redaction: log an event with the logger instead.",
      suggestLogger: "Replace with {{call}}.",
    },
  },
  create(context, [options]) {
    const settings = sightlineSettings(context);
    const sourceCode = context.sourceCode;
    const allowed = new Set(options.allow ?? []);

    function replacement(call: TSESTree.CallExpression, level: string): string {
      const logger = loggerInScope(call, settings, sourceCode) ?? "logger";
      const [first, ...rest] = call.arguments;
      const message = first === undefined ? undefined : stringValue(unwrap(first));
      const values = message === undefined ? call.arguments : rest;
      const event = (message === undefined ? "" : toSnakeCase(message)) || PLACEHOLDER_EVENT;
      const keys = uniqueKeys(values.map((value, i) => fieldKey(value, `value_${i + 1}`)));
      const fields = values.map((value, i) => ({
        key: keys[i]!,
        value:
          value.type === AST_NODE_TYPES.SpreadElement ? `[${sourceCode.getText(value)}]` : sourceCode.getText(value),
      }));
      return `${logger}.${level}(${JSON.stringify(event)}${fields.length === 0 ? "" : `, ${fieldsObject(fields)}`})`;
    }

    return {
      CallExpression(call) {
        const method = consoleMethod(call, sourceCode);
        if (method === undefined || allowed.has(method)) return;
        const level = LEVELS[method];
        const text = level === undefined ? undefined : replacement(call, level);
        context.report({
          node: call.callee,
          messageId: "useLogger",
          data: { method },
          suggest:
            text === undefined
              ? []
              : [{ messageId: "suggestLogger", data: { call: text }, fix: (fixer) => fixer.replaceText(call, text) }],
        });
      },
    };
  },
});
