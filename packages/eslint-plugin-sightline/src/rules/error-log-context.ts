// error-log-context: an error log inside a catch passes the caught error and at least one field
// that says what was being done (checklist: "Error logs with full context for failures").

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { enclosingErrorHandler } from "../ast/enclosing-error-handler.ts";
import { errorVariables } from "../ast/error-variables.ts";
import { logMethod } from "../ast/log-method.ts";
import { referencesVariables } from "../ast/references-variables.ts";
import { sightlineSettings } from "../ast/settings.ts";
import { unwrap } from "../ast/unwrap.ts";
import { createRule } from "../create-rule.ts";

export type Options = [
  {
    /** Log methods that must carry the error and context. */
    methods?: string[];
  },
];

export type MessageId = "missingError" | "unboundError" | "missingContext";

const DEFAULT_METHODS = ["error", "critical", "fatal", "exception"];

/** How many arguments or fields say something other than the error itself. */
function contextFields(call: TSESTree.CallExpression, errors: readonly TSESLint.Scope.Variable[]): number {
  let count = 0;
  call.arguments.forEach((argument, index) => {
    const value = unwrap(argument);
    if (value.type === AST_NODE_TYPES.ObjectExpression) {
      count += value.properties.filter((property) => !referencesVariables(property, errors)).length;
      return;
    }
    // the event or message, and anything made of the error, are not context
    if (index === 0 || referencesVariables(value, errors)) return;
    if (value.type === AST_NODE_TYPES.Literal || value.type === AST_NODE_TYPES.TemplateLiteral) return;
    if (value.type === AST_NODE_TYPES.Identifier && value.name === "undefined") return;
    count += 1; // a fields variable: trust it
  });
  return count;
}

export default createRule<Options, MessageId>({
  name: "error-log-context",
  meta: {
    type: "problem",
    docs: {
      description: "Require error logs in a catch to pass the caught error and at least one context field",
      checklist: "Error logs with full context for failures",
      recommended: "error",
    },
    schema: [
      {
        type: "object",
        properties: {
          methods: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description: "Log methods that must carry the error and context.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ methods: DEFAULT_METHODS }],
    messages: {
      missingError:
        "This error log does not pass the caught error '{{name}}': give it as the exception argument or in the fields, so the type, message and stack are kept.",
      unboundError:
        "The caught error is not bound, so this error log cannot include it: name it (`catch (error)`, `.catch((error) => ...)`) and pass it.",
      missingContext:
        "This error log carries only the error: add at least one field that says what was being done (an id, an input, a step).",
    },
  },
  create(context, [options]) {
    const settings = sightlineSettings(context);
    const sourceCode = context.sourceCode;
    const methods = new Set(options.methods ?? DEFAULT_METHODS);

    return {
      CallExpression(call) {
        const method = logMethod(call, settings, sourceCode);
        if (method === undefined || !methods.has(method)) return;
        const handler = enclosingErrorHandler(call, sourceCode);
        if (handler === undefined) return;
        if (handler.param === undefined) {
          context.report({ node: call, messageId: "unboundError" });
          return;
        }
        const errors = errorVariables(handler, sourceCode);
        if (!call.arguments.some((argument) => referencesVariables(argument, errors))) {
          const name = handler.variables.map((variable) => variable.name).join("', '");
          context.report({ node: call, messageId: "missingError", data: { name } });
          return;
        }
        if (contextFields(call, errors) === 0) context.report({ node: call, messageId: "missingContext" });
      },
    };
  },
});
