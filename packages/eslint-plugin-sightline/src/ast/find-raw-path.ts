// Follows a label value back to a raw request path: `req.path`, `` `${req.url}` ``,
// `new URL(c.req.url).pathname`, `req.originalUrl.split("?")[0]`, or a const that holds one.
// A call that may normalise the path (`routeOf(req.url)`, `.replace(...)`) ends the search.

import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { calleeName } from "./callee-name.ts";
import { memberChain } from "./member-chain.ts";
import { propertyName } from "./property-name.ts";
import { unwrap } from "./unwrap.ts";
import { variableInit } from "./variable-init.ts";

/** Methods whose result is still the raw path, or a piece of it. */
const KEEPS_PATH = new Set([
  "split",
  "slice",
  "substring",
  "substr",
  "toLowerCase",
  "toUpperCase",
  "trim",
  "toString",
  "at",
  "normalize",
  "concat",
]);
/** Functions whose result is still the raw path. */
const KEEPS_PATH_FUNCTIONS = new Set(["String", "decodeURI", "decodeURIComponent", "encodeURI", "URL"]);
const MAX_DEPTH = 12;

/** `req.url` matches `req.url` and `this.req.url`, not `myreq.url`. */
function matchesSource(chain: string, sources: readonly string[]): boolean {
  return sources.some((source) => chain === source || chain.endsWith(`.${source}`));
}

/** The raw-path expression inside `node` and its member chain (`this.req.url`), or undefined. */
export function findRawPath(
  node: TSESTree.Node,
  sources: readonly string[],
  sourceCode: Readonly<TSESLint.SourceCode>,
  depth = 0,
): { node: TSESTree.Node; source: string } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const next = (child: TSESTree.Node | null | undefined) =>
    child == null ? undefined : findRawPath(child, sources, sourceCode, depth + 1);
  const expression = unwrap(node);
  switch (expression.type) {
    case AST_NODE_TYPES.MemberExpression: {
      const chain = memberChain(expression);
      if (chain !== undefined && matchesSource(chain, sources)) return { node: expression, source: chain };
      // `new URL(req.url).pathname`, `req.url.split("?")[0]`: a part of the raw path
      const name = propertyName(expression);
      return name === "pathname" || expression.computed ? next(expression.object) : undefined;
    }
    case AST_NODE_TYPES.Identifier: {
      return next(variableInit(expression, sourceCode));
    }
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression: {
      const name = calleeName(expression);
      const callee = unwrap(expression.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && name !== undefined && KEEPS_PATH.has(name)) {
        return next(callee.object);
      }
      if (callee.type === AST_NODE_TYPES.Identifier && KEEPS_PATH_FUNCTIONS.has(callee.name)) {
        return next(expression.arguments[0]);
      }
      return undefined;
    }
    case AST_NODE_TYPES.TemplateLiteral:
      for (const part of expression.expressions) {
        const found = next(part);
        if (found) return found;
      }
      return undefined;
    case AST_NODE_TYPES.BinaryExpression:
      return expression.operator === "+" ? (next(expression.left) ?? next(expression.right)) : undefined;
    case AST_NODE_TYPES.LogicalExpression:
      return next(expression.left) ?? next(expression.right);
    case AST_NODE_TYPES.ConditionalExpression:
      return next(expression.consequent) ?? next(expression.alternate);
    case AST_NODE_TYPES.AwaitExpression:
      return next(expression.argument);
    default:
      return undefined;
  }
}
