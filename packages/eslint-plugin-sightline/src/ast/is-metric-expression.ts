// Decides whether an expression holds a metric: by its name (settings), because it was created
// with `new Counter(...)` / `meter.createCounter(...)` (variable or class field), or because it
// is a `.labels(...)` child.

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { calleeName } from "./callee-name.ts";
import { classPropertyInit } from "./class-property-init.ts";
import { propertyName } from "./property-name.ts";
import type { SightlineSettings } from "./settings.ts";
import { unwrap } from "./unwrap.ts";
import { variableInit } from "./variable-init.ts";

const MAX_DEPTH = 4;

export function isMetricExpression(
  node: TSESTree.Node,
  settings: SightlineSettings,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth = 0,
): boolean {
  if (depth > MAX_DEPTH) return false;
  const expression = unwrap(node);
  switch (expression.type) {
    case AST_NODE_TYPES.Identifier: {
      if (settings.metricNames.test(expression.name)) return true;
      const init = variableInit(expression, sourceCode);
      return init !== undefined && isMetricExpression(init, settings, sourceCode, depth + 1);
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = propertyName(expression);
      if (name === undefined) return false;
      if (settings.metricNames.test(name)) return true;
      const init = classPropertyInit(expression, name);
      return init !== undefined && isMetricExpression(init, settings, sourceCode, depth + 1);
    }
    case AST_NODE_TYPES.NewExpression: {
      const name = calleeName(expression);
      return name !== undefined && settings.metricFactories.has(name);
    }
    case AST_NODE_TYPES.CallExpression: {
      const name = calleeName(expression);
      return name !== undefined && (name === "labels" || settings.metricFactories.has(name));
    }
    default:
      return false;
  }
}
