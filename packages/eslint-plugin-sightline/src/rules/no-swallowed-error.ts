// no-swallowed-error: a caught error is re-thrown, logged, captured or passed on — never dropped
// without a word (checklist: "Error logs with full context for failures", "No silent early
// returns"; "Can find error in Sentry with context").

import { AST_NODE_TYPES, AST_TOKEN_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { containsObservation } from "../ast/contains-observation.ts";
import { errorFlowsOut } from "../ast/error-flows-out.ts";
import { errorHandler, type ErrorHandler } from "../ast/error-handler.ts";
import { errorVariables } from "../ast/error-variables.ts";
import { sightlineSettings } from "../ast/settings.ts";
import { createRule } from "../create-rule.ts";

export type Options = [
  {
    /** Allow a catch that opens with a comment saying why the error is ignored. */
    allowComment?: boolean;
  },
];

export type MessageId = "swallowed";

export default createRule<Options, MessageId>({
  name: "no-swallowed-error",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow catch blocks that drop the error without re-throwing, logging, capturing or passing it on",
      checklist: "Error logs with full context for failures",
      recommended: "error",
    },
    schema: [
      {
        type: "object",
        properties: {
          allowComment: {
            type: "boolean",
            description: "Allow a catch that opens with a comment saying why the error is ignored.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ allowComment: true }],
    messages: {
      swallowed:
        "The caught error is swallowed: re-throw it, log it with context, capture it, or pass it on{{comment}}.",
    },
  },
  create(context, [options]) {
    const settings = sightlineSettings(context);
    const sourceCode = context.sourceCode;
    const allowComment = options.allowComment ?? true;

    /** `catch { // why }`, or a catch whose first content is a comment saying why. */
    function explainedByComment(body: TSESTree.Node): boolean {
      if (body.type !== AST_NODE_TYPES.BlockStatement) return false;
      const first = sourceCode.getFirstToken(body, { includeComments: true, skip: 1 });
      return first !== null && (first.type === AST_TOKEN_TYPES.Line || first.type === AST_TOKEN_TYPES.Block);
    }

    function check(handler: ErrorHandler | undefined): void {
      if (handler === undefined) return;
      if (allowComment && explainedByComment(handler.body)) return;
      if (containsObservation(handler.body, settings, sourceCode)) return;
      if (errorFlowsOut(errorVariables(handler, sourceCode))) return;
      // a catch clause is reported at its `catch` keyword, a callback as a whole
      const loc =
        handler.node.type === AST_NODE_TYPES.CatchClause ? sourceCode.getFirstToken(handler.node)?.loc : undefined;
      context.report({
        node: handler.node,
        ...(loc === undefined ? {} : { loc }),
        messageId: "swallowed",
        data: {
          comment: allowComment ? " (or, when ignoring it is right, open the catch with a comment that says why)" : "",
        },
      });
    }

    return {
      CatchClause: (node) => check(errorHandler(node, sourceCode)),
      ArrowFunctionExpression: (node) => check(errorHandler(node, sourceCode)),
      FunctionExpression: (node) => check(errorHandler(node, sourceCode)),
    };
  },
});
