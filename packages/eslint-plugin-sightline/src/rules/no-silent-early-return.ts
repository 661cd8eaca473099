// no-silent-early-return: a guard clause that leaves a function early must say why — a log
// line, a metric, a capture or a throw (checklist: "No silent early returns").

import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { functionName } from "../ast/function-name.ts";
import { guardReason } from "../ast/guard-reason.ts";
import { hasExplainingComment } from "../ast/has-explaining-comment.ts";
import { hasWorkAfter } from "../ast/has-work-after.ts";
import { isExportedFunction } from "../ast/is-exported-function.ts";
import { isFunction, type FunctionNode } from "../ast/is-function.ts";
import { isRecursive } from "../ast/is-recursive.ts";
import { isSilentReturn } from "../ast/is-silent-return.ts";
import { isStateGuard } from "../ast/is-state-guard.ts";
import { loggerInScope } from "../ast/logger-in-scope.ts";
import { returnsValue } from "../ast/returns-value.ts";
import { sightlineSettings } from "../ast/settings.ts";
import { someDescendant } from "../ast/some-descendant.ts";
import { toSnakeCase } from "../ast/to-snake-case.ts";
import { createRule } from "../create-rule.ts";
import { insertBeforeReturn } from "../fix/insert-before-return.ts";

export type Options = [
  {
    /** Which functions to check. */
    functions?: "all" | "async" | "exported";
    /** Functions with fewer top-level statements than this are not checked. */
    ignoreSmallFunctions?: number;
    /** Allow a guard clause that a comment explains (inside it, after its return, or just above it). */
    allowComment?: boolean;
  },
];

export type MessageId = "silentReturn" | "suggestLog";

const MAX_REASON = 40;

/**
 * The silent return an `if` leaves by, when its consequent is only that return (`if (!x) return;`,
 * `if (!x) { return null; }`). A consequent that does work first (responds, cleans up, logs)
 * has handled the case; the return only ends it.
 */
function guardReturn(consequent: TSESTree.Statement): TSESTree.ReturnStatement | undefined {
  if (isSilentReturn(consequent)) return consequent;
  if (consequent.type !== AST_NODE_TYPES.BlockStatement || consequent.body.length !== 1) return undefined;
  const only = consequent.body[0]!;
  return isSilentReturn(only) ? only : undefined;
}

function shorten(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > MAX_REASON ? `${oneLine.slice(0, MAX_REASON - 3)}...` : oneLine;
}

export default createRule<Options, MessageId>({
  name: "no-silent-early-return",
  meta: {
    type: "suggestion",
    docs: {
      description: "Require an early return to log, count, capture or throw, so it is visible why work stopped",
      checklist: "No silent early returns",
      recommended: "warn",
    },
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        properties: {
          functions: { type: "string", enum: ["all", "async", "exported"], description: "Which functions to check." },
          ignoreSmallFunctions: {
            type: "integer",
            minimum: 0,
            description: "Functions with fewer top-level statements than this are not checked.",
          },
          allowComment: {
            type: "boolean",
            description:
              "Allow a guard clause that a comment explains (inside it, after its return, or just above it).",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ functions: "all", ignoreSmallFunctions: 3, allowComment: true }],
    messages: {
      silentReturn:
        "Silent early return from '{{name}}': log why it stops (a warning with a reason), count it, or throw, so nobody has to guess.",
      suggestLog: "Log {{call}} before returning.",
    },
  },
  create(context, [options]) {
    const settings = sightlineSettings(context);
    const sourceCode = context.sourceCode;
    const minStatements = options.ignoreSmallFunctions ?? 3;
    const allowComment = options.allowComment ?? true;

    function wanted(fn: FunctionNode): boolean {
      if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
      if (fn.body.body.length < minStatements) return false;
      if (options.functions === "async" && !fn.async) return false;
      if (options.functions === "exported" && !isExportedFunction(fn)) return false;
      // `return null` where other paths return a value answers "nothing": the caller decides;
      // a recursive walker returns at its leaves
      return !returnsValue(fn, sourceCode.visitorKeys) && !isRecursive(fn, sourceCode.visitorKeys);
    }

    function report(fn: FunctionNode, statement: TSESTree.IfStatement, ret: TSESTree.ReturnStatement): void {
      const name = functionName(fn) ?? "function";
      const logger = loggerInScope(ret, settings, sourceCode) ?? "logger";
      const event = `${toSnakeCase(name) || "function"}_skipped`;
      // a condition of no known shape is quoted: the reader replaces it with a word
      const reason = JSON.stringify(guardReason(statement.test) ?? shorten(sourceCode.getText(statement.test)));
      const call = `${logger}.warning("${event}", { reason: ${reason} })`;
      context.report({
        node: ret,
        messageId: "silentReturn",
        data: { name },
        suggest: [
          {
            messageId: "suggestLog",
            data: { call },
            fix: (fixer) => insertBeforeReturn(fixer, ret, `${call};`, sourceCode),
          },
        ],
      });
    }

    function check(fn: FunctionNode): void {
      if (!wanted(fn)) return;
      const body = fn.body;
      // every `if` of this function (not of functions inside it)
      someDescendant(
        body,
        sourceCode.visitorKeys,
        (node) => {
          if (node.type !== AST_NODE_TYPES.IfStatement) return false;
          const ret = guardReturn(node.consequent);
          if (ret === undefined || !hasWorkAfter(node, body) || isStateGuard(node.test, fn, sourceCode)) return false;
          if (allowComment && hasExplainingComment(node, ret, sourceCode)) return false;
          report(fn, node, ret);
          return false;
        },
        isFunction,
      );
    }

    return {
      FunctionDeclaration: check,
      FunctionExpression: check,
      ArrowFunctionExpression: check,
    };
  },
});
