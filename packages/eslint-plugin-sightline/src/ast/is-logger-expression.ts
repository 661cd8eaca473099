// Decides whether an expression holds a logger: by its name (`log`, `this.logger`, `auditLog`),
// by where it came from (`const l = getLogger()`, `log.bind()`, `log.child()`), or because it is
// such a call itself.

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { calleeName } from "./callee-name.ts";
import { classPropertyInit } from "./class-property-init.ts";
import { propertyName } from "./property-name.ts";
import type { SightlineSettings } from "./settings.ts";
import { unwrap } from "./unwrap.ts";
import { variableInit } from "./variable-init.ts";

const DERIVE_METHODS = new Set(["bind", "child"]);
const MAX_DEPTH = 4;

export function isLoggerExpression(
  node: TSESTree.Node,
  settings: SightlineSettings,
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth = 0,
): boolean {
  if (depth > MAX_DEPTH) return false;
  const expression = unwrap(node);
  switch (expression.type) {
    case AST_NODE_TYPES.Identifier: {
      if (settings.loggerNames.test(expression.name)) return true;
      const init = variableInit(expression, sourceCode);
      return init !== undefined && isLoggerExpression(init, settings, sourceCode, depth + 1);
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = propertyName(expression);
      if (name === undefined) return false;
      if (settings.loggerNames.test(name)) return true;
      const init = classPropertyInit(expression, name);
      return init !== undefined && isLoggerExpression(init, settings, sourceCode, depth + 1);
    }
    case AST_NODE_TYPES.CallExpression: {
      const name = calleeName(expression);
      if (name === undefined) return false;
      if (settings.loggerFactories.has(name)) return true;
      const callee = unwrap(expression.callee);
      return (
        DERIVE_METHODS.has(name) &&
        callee.type === AST_NODE_TYPES.MemberExpression &&
        isLoggerExpression(callee.object, settings, sourceCode, depth + 1)
      );
    }
    case AST_NODE_TYPES.NewExpression: {
      const name = calleeName(expression);
      return name !== undefined && (settings.loggerNames.test(name) || settings.loggerFactories.has(name));
    }
    case AST_NODE_TYPES.AwaitExpression:
      return isLoggerExpression(expression.argument, settings, sourceCode, depth + 1);
    default:
      return false;
  }
}
