// Requests as SERVER spans: the incoming traceparent (or whatever the registered propagator
// extracts) is the parent; the span is named `{method} {route}` once the router matched, and
// its attributes follow the HTTP semantic conventions.

import {
  context,
  createTraceState,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  TraceFlags,
  type Attributes,
  type Context,
  type Tracer,
} from "@opentelemetry/api";
import type { IncomingHttpHeaders } from "node:http";
// the hook HttpCore calls: internal to src/http, implemented here
import type { HttpTracing, RequestSpan } from "../internal/tracing-seam.ts";
import type { TraceParent } from "../internal/traceparent.ts";
import { markFailed } from "./failure.ts";
import { spanIds } from "./span-ids.ts";

/** The remote parent: a registered propagator's, else the traceparent the HTTP core parsed. */
function remoteParent(headers: IncomingHttpHeaders, parent: TraceParent | undefined): Context {
  const extracted = propagation.extract(ROOT_CONTEXT, headers);
  if (parent === undefined || trace.getSpanContext(extracted) !== undefined) return extracted;
  const tracestate = headers.tracestate;
  return trace.setSpanContext(extracted, {
    traceId: parent.traceId,
    spanId: parent.parentId,
    traceFlags: parent.sampled ? TraceFlags.SAMPLED : TraceFlags.NONE,
    isRemote: true,
    traceState: typeof tracestate === "string" ? createTraceState(tracestate) : undefined,
  });
}

function withoutQuery(path: string): string {
  const query = path.indexOf("?");
  return query === -1 ? path : path.slice(0, query);
}

export function createHttpTracing(tracer: () => Tracer): HttpTracing {
  return {
    startRequest({ method, rawMethod, path, headers, parent }): RequestSpan | undefined {
      const parentContext = remoteParent(headers, parent);
      const attributes: Attributes = { "http.request.method": method, "url.path": withoutQuery(path) };
      if (method === "_OTHER" && rawMethod !== undefined) attributes["http.request.method_original"] = rawMethod;
      // semantic conventions: `{method} {route}`, `HTTP` for a method outside the standard set
      const base = method === "_OTHER" ? "HTTP" : method;
      const span = tracer().startSpan(base, { kind: SpanKind.SERVER, attributes }, parentContext);
      const spanContext = span.spanContext();
      if (spanIds(spanContext) === undefined) {
        span.end(); // no tracer provider and no parent: nothing to trace
        return undefined;
      }
      const active = trace.setSpan(parentContext, span);
      let failed = false;
      return {
        traceId: spanContext.traceId,
        run: (fn) => context.with(active, fn),
        isActive: () => trace.getSpan(context.active()) === span,
        setRoute(route) {
          span.updateName(`${base} ${route}`);
          span.setAttribute("http.route", route);
        },
        fail(error) {
          failed = true;
          markFailed(span, error);
        },
        end(status) {
          span.setAttribute("http.response.status_code", status);
          // a server span fails on 5xx only: a 4xx is the client's error
          if (status >= 500 && !failed) {
            span.setAttribute("error.type", String(status));
            span.setStatus({ code: SpanStatusCode.ERROR });
          }
          span.end();
        },
        exemplar: () => spanIds(spanContext)?.exemplar,
      };
    },
  };
}
