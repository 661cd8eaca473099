// no-raw-path-label: a metric label never takes the raw request path: every distinct URL
// (ids, query strings, scanners' junk) becomes a new time series (checklist: "Metrics for key
// operations"; Pattern: Prometheus Metrics labels the route, not the URL).

import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { findRawPath } from "../ast/find-raw-path.ts";
import { metricMethod } from "../ast/metric-method.ts";
import { sightlineSettings } from "../ast/settings.ts";
import { unwrap } from "../ast/unwrap.ts";
import { createRule } from "../create-rule.ts";

export type Options = [
  {
    /** More member chains that hold a raw path (`event.rawPath`), added to the defaults. */
    sources?: string[];
  },
];

export type MessageId = "rawPath";

/** Where Express, Fastify, Koa, Hono and Node's `http` keep the requested path. */
export const DEFAULT_RAW_PATH_SOURCES: readonly string[] = [
  "req.url",
  "req.path",
  "req.originalUrl",
  "request.url",
  "request.path",
  "request.originalUrl",
  "ctx.path",
  "ctx.url",
  "ctx.originalUrl",
  "ctx.request.url",
  "ctx.request.path",
  "c.req.path",
  "c.req.url",
];

export default createRule<Options, MessageId>({
  name: "no-raw-path-label",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow raw request paths as metric label values; use the route template",
      checklist: "Metrics for key operations (counters, histograms)",
      recommended: "error",
    },
    schema: [
      {
        type: "object",
        properties: {
          sources: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description: "More member chains that hold a raw path, added to the defaults.",
          },
        },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ sources: [] }],
    messages: {
      rawPath:
        "Metric label value comes from the raw path `{{source}}`: every distinct URL becomes a new series. Label with the route template (`req.route.path`, `c.req.routePath`, `ctx._matchedRoute`) instead.",
    },
  },
  create(context, [options]) {
    const settings = sightlineSettings(context);
    const sourceCode = context.sourceCode;
    const sources = [...DEFAULT_RAW_PATH_SOURCES, ...(options.sources ?? [])];

    function checkValue(value: TSESTree.Node): void {
      const found = findRawPath(value, sources, sourceCode);
      if (found !== undefined)
        context.report({ node: found.node, messageId: "rawPath", data: { source: found.source } });
    }

    function checkArgument(argument: TSESTree.Node): void {
      const value = unwrap(argument);
      if (value.type === AST_NODE_TYPES.ObjectExpression) {
        for (const property of value.properties) {
          if (property.type === AST_NODE_TYPES.Property) checkValue(property.value);
        }
        return;
      }
      if (value.type === AST_NODE_TYPES.ArrayExpression) {
        for (const element of value.elements) if (element !== null) checkArgument(element);
        return;
      }
      checkValue(value);
    }

    return {
      CallExpression(call) {
        if (metricMethod(call, settings, sourceCode) === undefined) return;
        for (const argument of call.arguments) checkArgument(argument);
      },
    };
  },
});
