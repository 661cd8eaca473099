// What makes a code path observable: a log line (console included: no-console has its own
// say), a metric update, a report to the error tracker, or a throw.

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { consoleMethod } from "./console-method.ts";
import { isCaptureCall } from "./is-capture-call.ts";
import { logMethod } from "./log-method.ts";
import { metricMethod } from "./metric-method.ts";
import type { SightlineSettings } from "./settings.ts";

export function isObservation(
  node: TSESTree.Node,
  settings: SightlineSettings,
  sourceCode: Readonly<TSESLint.SourceCode>,
): boolean {
  if (node.type === AST_NODE_TYPES.ThrowStatement) return true;
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  return (
    logMethod(node, settings, sourceCode) !== undefined ||
    isCaptureCall(node, settings) ||
    consoleMethod(node, sourceCode) !== undefined ||
    (metricMethod(node, settings, sourceCode) ?? "labels") !== "labels"
  );
}
