// The level method of a log call, or undefined when the call is not one.

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isLoggerExpression } from "./is-logger-expression.ts";
import { propertyName } from "./property-name.ts";
import type { SightlineSettings } from "./settings.ts";
import { unwrap } from "./unwrap.ts";

/**
 * Methods that write a line: Sightline's (`warning`, `critical`, `exception`), pino's and
 * winston's (`warn`, `fatal`, `trace`, `verbose`) and NestJS's `log`.
 */
export const LOG_METHODS: ReadonlySet<string> = new Set([
  "trace",
  "debug",
  "verbose",
  "info",
  "log",
  "warning",
  "warn",
  "error",
  "critical",
  "fatal",
  "exception",
]);

/** `"info"` for `log.info(...)`, `"warning"` for `this.logger.warning(...)`; else undefined. */
export function logMethod(
  call: TSESTree.CallExpression,
  settings: SightlineSettings,
  sourceCode: Readonly<TSESLint.SourceCode>,
): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = propertyName(callee);
  if (name === undefined || !LOG_METHODS.has(name)) return undefined;
  return isLoggerExpression(callee.object, settings, sourceCode) ? name : undefined;
}
