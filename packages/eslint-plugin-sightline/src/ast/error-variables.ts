// The caught error's variables: the binding's, plus locals made from it inside the handler
// (`const err = ensureError(e)`, `const message = e instanceof Error ? e.message : String(e)`).

import { AST_NODE_TYPES, type TSESLint } from "@typescript-eslint/utils";
import type { ErrorHandler } from "./error-handler.ts";
import { isFunction } from "./is-function.ts";
import { referencesVariables } from "./references-variables.ts";
import { someDescendant } from "./some-descendant.ts";

const MAX_PASSES = 3;

export function errorVariables(
  handler: ErrorHandler,
  sourceCode: Readonly<TSESLint.SourceCode>,
): TSESLint.Scope.Variable[] {
  const variables = [...handler.variables];
  if (variables.length === 0) return variables;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const before = variables.length;
    someDescendant(
      handler.body,
      sourceCode.visitorKeys,
      (node) => {
        if (node.type !== AST_NODE_TYPES.VariableDeclarator || node.init === null) return false;
        if (!referencesVariables(node.init, variables)) return false;
        for (const variable of sourceCode.getDeclaredVariables(node)) {
          if (!variables.includes(variable)) variables.push(variable);
        }
        return false;
      },
      isFunction,
    );
    if (variables.length === before) break;
  }
  return variables;
}
