import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { errorHandler, type ErrorHandler } from "./error-handler.ts";
import { isFunction } from "./is-function.ts";

/** The nearest error handler whose code contains `node`. */
export function enclosingErrorHandler(
  node: TSESTree.Node,
  sourceCode: Readonly<TSESLint.SourceCode>,
): ErrorHandler | undefined {
  let child: TSESTree.Node = node;
  for (let parent = node.parent; parent != null; child = parent, parent = parent.parent) {
    if (parent.type === AST_NODE_TYPES.CatchClause && child === parent.body) return errorHandler(parent, sourceCode);
    if (isFunction(parent) && child === parent.body) {
      const handler = errorHandler(parent, sourceCode);
      if (handler !== undefined) return handler;
    }
  }
  return undefined;
}
