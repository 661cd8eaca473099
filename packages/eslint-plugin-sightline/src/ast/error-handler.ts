// Where a caught error lives: a `catch (e) { ... }` clause, or a function passed to
// `promise.catch(...)` (its first parameter).

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { calleeName } from "./callee-name.ts";

export interface ErrorHandler {
  /** The catch clause, or the callback given to `.catch()`. */
  readonly node: TSESTree.CatchClause | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;
  /** The binding (`e`, `{ message }`), when there is one. */
  readonly param: TSESTree.Node | undefined;
  /** The handler's code: a block, or an arrow function's expression body. */
  readonly body: TSESTree.Node;
  /** The variables the binding declares. */
  readonly variables: readonly TSESLint.Scope.Variable[];
}

/** The handler a catch clause or `.catch(callback)` argument forms; undefined for other nodes. */
export function errorHandler(node: TSESTree.Node, sourceCode: Readonly<TSESLint.SourceCode>): ErrorHandler | undefined {
  if (node.type === AST_NODE_TYPES.CatchClause) {
    const variables = node.param === null ? [] : sourceCode.getDeclaredVariables(node);
    return { node, param: node.param ?? undefined, body: node.body, variables };
  }
  if (
    (node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression) &&
    node.parent.type === AST_NODE_TYPES.CallExpression &&
    node.parent.arguments.length === 1 &&
    node.parent.arguments[0] === node &&
    calleeName(node.parent) === "catch" &&
    node.parent.callee.type === AST_NODE_TYPES.MemberExpression
  ) {
    const param = node.params[0];
    const variables =
      param === undefined
        ? []
        : sourceCode
            .getDeclaredVariables(node)
            .filter((variable) =>
              variable.defs.some((def) => def.name.range[0] >= param.range[0] && def.name.range[1] <= param.range[1]),
            );
    return { node, param, body: node.body, variables };
  }
  return undefined;
}
