// The method of a metric call (`inc`, `observe`, `labels`, ...), or undefined when the call is
// not one.

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isMetricExpression } from "./is-metric-expression.ts";
import { propertyName } from "./property-name.ts";
import type { SightlineSettings } from "./settings.ts";
import { unwrap } from "./unwrap.ts";

/** prom-client's and Sightline's (`inc`, `observe`, `set`, `labels`, `startTimer`) and OTel's. */
export const METRIC_METHODS: ReadonlySet<string> = new Set([
  "inc",
  "dec",
  "observe",
  "set",
  "labels",
  "startTimer",
  "add",
  "record",
]);

export function metricMethod(
  call: TSESTree.CallExpression,
  settings: SightlineSettings,
  sourceCode: Readonly<TSESLint.SourceCode>,
): string | undefined {
  const callee = unwrap(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const name = propertyName(callee);
  if (name === undefined || !METRIC_METHODS.has(name)) return undefined;
  if (name === "labels") return name; // `.labels(...)` is metric-specific enough on anything
  return isMetricExpression(callee.object, settings, sourceCode) ? name : undefined;
}
