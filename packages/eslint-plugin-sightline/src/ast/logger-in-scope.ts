// Finds the logger a suggestion should call: a logger variable visible where the code is, else
// `this.<logger field>` in a class method, else undefined (the caller falls back to `logger`).

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isLoggerExpression } from "./is-logger-expression.ts";
import type { SightlineSettings } from "./settings.ts";

function loggerField(node: TSESTree.Node, settings: SightlineSettings): string | undefined {
  let sawFunction = false;
  for (let current = node.parent; current != null; current = current.parent) {
    if (current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.FunctionDeclaration) {
      if (sawFunction || current.parent.type !== AST_NODE_TYPES.MethodDefinition) return undefined;
      sawFunction = true;
      if (current.parent.static) return undefined;
    }
    if (current.type !== AST_NODE_TYPES.ClassBody) continue;
    for (const element of current.body) {
      if (element.type !== AST_NODE_TYPES.PropertyDefinition || element.computed || element.static) continue;
      const key = element.key;
      if (key.type === AST_NODE_TYPES.Identifier && settings.loggerNames.test(key.name)) return `this.${key.name}`;
      if (key.type === AST_NODE_TYPES.PrivateIdentifier && settings.loggerNames.test(key.name))
        return `this.#${key.name}`;
    }
    return undefined;
  }
  return undefined;
}

export function loggerInScope(
  node: TSESTree.Node,
  settings: SightlineSettings,
  sourceCode: Readonly<TSESLint.SourceCode>,
): string | undefined {
  for (let scope: TSESLint.Scope.Scope | null = sourceCode.getScope(node); scope !== null; scope = scope.upper) {
    for (const variable of scope.variables) {
      const identifier = variable.identifiers[0];
      if (identifier === undefined || (identifier.range[0] > node.range[0] && scope.type !== "module")) continue;
      if (settings.loggerNames.test(variable.name)) return variable.name;
      const def = variable.defs[0];
      if (
        def?.node.type === AST_NODE_TYPES.VariableDeclarator &&
        def.node.init != null &&
        isLoggerExpression(def.node.init, settings, sourceCode)
      ) {
        return variable.name;
      }
    }
  }
  return loggerField(node, settings);
}
