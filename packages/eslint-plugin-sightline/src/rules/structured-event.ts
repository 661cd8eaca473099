// structured-event: a log call names a constant snake_case event; the variable parts go in
// fields (checklist: "Info logs for business events", Pattern: Structured Logging).

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { calleeName } from "../ast/callee-name.ts";
import { eventParts } from "../ast/event-parts.ts";
import { isEventParameter } from "../ast/is-event-parameter.ts";
import { logMethod } from "../ast/log-method.ts";
import { memberChain } from "../ast/member-chain.ts";
import { sightlineSettings } from "../ast/settings.ts";
import { stringValue } from "../ast/string-value.ts";
import { toSnakeCase } from "../ast/to-snake-case.ts";
import { unwrap } from "../ast/unwrap.ts";
import { variableInit } from "../ast/variable-init.ts";
import { createRule } from "../create-rule.ts";
import { addFields } from "../fix/add-fields.ts";
import { fieldKey } from "../fix/field-key.ts";
import { fieldsObject } from "../fix/fields-object.ts";
import { stringLiteral } from "../fix/string-literal.ts";
import { uniqueKeys } from "../fix/unique-keys.ts";

export type Options = [
  {
    /** Regular expression event names must match. */
    pattern?: string;
  },
];

export type MessageId =
  | "notSnakeCase"
  | "dynamicEvent"
  | "nonLiteralEvent"
  | "fieldsFirst"
  | "plainString"
  | "suggestRename"
  | "suggestFields"
  | "suggestSwap";

export const DEFAULT_EVENT_PATTERN = "^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$";

/** The level methods whose first argument is the event (NestJS's and winston's `log` are not). */
const EVENT_METHODS = new Set(["trace", "debug", "info", "warning", "warn", "error", "critical", "fatal", "exception"]);
/** Functions that format a message at run time. */
const FORMATTERS = new Set(["format", "sprintf", "vsprintf", "concat", "join", "replace", "replaceAll", "padEnd"]);
const PLACEHOLDER_EVENT = "todo_event_name";

function describe(node: TSESTree.Node): string {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
      return `the variable '${node.name}'`;
    case AST_NODE_TYPES.MemberExpression:
      return "a property value";
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return "a function result";
    default:
      return "a computed value";
  }
}

/** A constant the first argument names: `const EVENT = "x"`, `EVENTS.X` of a const object literal. */
function constantValue(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): TSESTree.Node | undefined {
  if (node.type === AST_NODE_TYPES.Identifier) {
    const init = variableInit(node, sourceCode);
    return init === undefined ? undefined : unwrap(init);
  }
  return undefined;
}

/** `Events.USER_CREATED`, `EVENT_NAMES.saved`, `this.EVENT`: names written as constants. */
function looksConstant(node: TSESTree.Node): boolean {
  const chain = node.type === AST_NODE_TYPES.MemberExpression ? memberChain(node) : undefined;
  if (chain === undefined) return false;
  const parts = chain.split(".");
  return parts.some((part) => /^[A-Z][A-Z0-9_]*$/.test(part) && part.length > 1) || /^[A-Z]/.test(parts[0]!);
}

/** The raw text of the first string literal in a concatenation, for its quote style. */
function quoteOf(node: TSESTree.Node): string {
  const expression = unwrap(node);
  if (expression.type === AST_NODE_TYPES.Literal) return expression.raw;
  if (expression.type === AST_NODE_TYPES.BinaryExpression) return quoteOf(expression.left);
  return '"';
}

export default createRule<Options, MessageId>({
  name: "structured-event",
  meta: {
    type: "suggestion",
    docs: {
      description: "Require log calls to name a constant snake_case event and pass variable parts as fields",
      checklist: "Info logs for business events (created, submitted, completed)",
      recommended: "error",
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        properties: {
          pattern: { type: "string", description: "Regular expression event names must match." },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ pattern: DEFAULT_EVENT_PATTERN }],
    messages: {
      notSnakeCase:
        'Event name "{{name}}" is not a snake_case event name: log a stable name such as "{{suggested}}" and put the variable parts in fields.',
      dynamicEvent:
        "Event name is built at run time ({{kind}}): log a constant snake_case name and pass the values as fields in the next argument.",
      nonLiteralEvent:
        "The first argument of a log call should be a string literal event name, not {{kind}}: logs can only be searched by stable names.",
      fieldsFirst: "The first argument should be the event name; fields go in the second argument.",
      plainString: "Event name is a template literal without placeholders: write it as a string literal.",
      suggestRename: 'Rename the event to "{{name}}".',
      suggestFields: 'Log "{{name}}" with {{fields}} as fields.',
      suggestSwap: 'Log "{{name}}" with the object as fields.',
    },
  },
  create(context, [options]) {
    const settings = sightlineSettings(context);
    const sourceCode = context.sourceCode;
    const pattern = new RegExp(options.pattern ?? DEFAULT_EVENT_PATTERN);

    function suggestedName(text: string): string {
      const name = toSnakeCase(text);
      return name === "" ? PLACEHOLDER_EVENT : name;
    }

    function checkName(call: TSESTree.CallExpression, event: TSESTree.Node, value: string, method: string): void {
      const formatted =
        method === "exception" || event.type !== AST_NODE_TYPES.Literal
          ? undefined
          : eventParts(event, call.arguments.slice(1));
      if (formatted !== undefined) {
        reportParts(call, event, formatted, "printf-style format string", 1, true);
        return;
      }
      if (event.type === AST_NODE_TYPES.TemplateLiteral && pattern.test(value)) {
        context.report({
          node: event,
          messageId: "plainString",
          fix: (fixer) => fixer.replaceText(event, stringLiteral(value)),
        });
        return;
      }
      if (pattern.test(value)) return;
      reportName(event, value, event.type === AST_NODE_TYPES.Literal ? event.raw : '"');
    }

    /** Reports a constant name that does not match, with a rename in the quote style of `quote`. */
    function reportName(event: TSESTree.Node, value: string, quote: string): void {
      const suggested = toSnakeCase(value);
      const canRename = suggested !== "" && pattern.test(suggested);
      context.report({
        node: event,
        messageId: "notSnakeCase",
        data: {
          name: value.length > 60 ? `${value.slice(0, 57).trimEnd()}...` : value,
          suggested: suggested || PLACEHOLDER_EVENT,
        },
        suggest: canRename
          ? [
              {
                messageId: "suggestRename",
                data: { name: suggested },
                fix: (fixer) => fixer.replaceText(event, stringLiteral(suggested, quote)),
              },
            ]
          : [],
      });
    }

    function reportParts(
      call: TSESTree.CallExpression,
      event: TSESTree.Node,
      parts: NonNullable<ReturnType<typeof eventParts>>,
      kind: string,
      fieldsIndex: number,
      consumesArguments: boolean,
    ): void {
      const name = suggestedName(parts.text.join(" "));
      const keys = uniqueKeys(parts.values.map((value, i) => fieldKey(value, `value_${i + 1}`)));
      const fields = parts.values.map((value, i) => ({ key: keys[i]!, value: sourceCode.getText(value) }));
      const quote = quoteOf(event);
      context.report({
        node: event,
        messageId: "dynamicEvent",
        data: { kind },
        suggest: [
          {
            messageId: "suggestFields",
            data: { name, fields: fieldsObject(fields) },
            fix(fixer) {
              if (consumesArguments) {
                // printf style: the values were the following arguments; they become the fields
                const last = call.arguments[parts.values.length]!;
                return fixer.replaceTextRange(
                  [event.range[0], last.range[1]],
                  `${stringLiteral(name, quote)}, ${fieldsObject(fields)}`,
                );
              }
              const addition = addFields(fixer, call, fieldsIndex, fields, sourceCode);
              const rename = fixer.replaceText(event, stringLiteral(name, quote));
              return addition === undefined ? [rename] : [rename, addition];
            },
          },
        ],
      });
    }

    function checkEvent(call: TSESTree.CallExpression, method: string): void {
      const first = call.arguments[0];
      if (first === undefined || first.type === AST_NODE_TYPES.SpreadElement) return;
      const event = unwrap(first);
      const fieldsIndex = method === "exception" ? 2 : 1;
      const value = stringValue(event);
      if (value !== undefined) {
        checkName(call, event, value, method);
        return;
      }
      if (event.type === AST_NODE_TYPES.TemplateLiteral || event.type === AST_NODE_TYPES.BinaryExpression) {
        const parts = eventParts(event);
        if (parts === undefined) {
          context.report({ node: event, messageId: "nonLiteralEvent", data: { kind: "a computed value" } });
          return;
        }
        if (parts.values.length === 0) {
          // a constant split over lines: `"Gateway found two " + "configurations"`
          reportName(event, parts.text.join(""), quoteOf(event));
          return;
        }
        const kind = event.type === AST_NODE_TYPES.TemplateLiteral ? "template literal" : "string concatenation";
        reportParts(call, event, parts, kind, fieldsIndex, false);
        return;
      }
      if (event.type === AST_NODE_TYPES.ObjectExpression) {
        const second = call.arguments[1];
        const message = second === undefined ? undefined : stringValue(unwrap(second));
        const name = message === undefined ? undefined : suggestedName(message);
        context.report({
          node: event,
          messageId: "fieldsFirst",
          suggest:
            name === undefined || second === undefined || call.arguments.length !== 2
              ? []
              : [
                  {
                    messageId: "suggestSwap",
                    data: { name },
                    fix: (fixer) =>
                      fixer.replaceTextRange(
                        [first.range[0], second.range[1]],
                        `${stringLiteral(name)}, ${sourceCode.getText(first)}`,
                      ),
                  },
                ],
        });
        return;
      }
      const constant = constantValue(event, sourceCode);
      if (constant !== undefined) {
        const constantString = stringValue(constant);
        if (constantString !== undefined && !pattern.test(constantString)) {
          context.report({
            node: event,
            messageId: "notSnakeCase",
            data: { name: constantString, suggested: suggestedName(constantString) },
          });
        } else if (constantString === undefined && constant.type !== AST_NODE_TYPES.Literal) {
          context.report({ node: event, messageId: "nonLiteralEvent", data: { kind: describe(event) } });
        }
        return;
      }
      if (looksConstant(event) || isEventParameter(event, sourceCode)) return;
      if (event.type === AST_NODE_TYPES.CallExpression) {
        const name = calleeName(event);
        if (name !== undefined && FORMATTERS.has(name)) {
          context.report({ node: event, messageId: "dynamicEvent", data: { kind: `${name}()` } });
          return;
        }
      }
      context.report({ node: event, messageId: "nonLiteralEvent", data: { kind: describe(event) } });
    }

    return {
      CallExpression(call) {
        const method = logMethod(call, settings, sourceCode);
        if (method === undefined || !EVENT_METHODS.has(method)) return;
        checkEvent(call, method);
      },
    };
  },
});
