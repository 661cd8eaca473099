// Where the OpenTelemetry bridge plugs into the HTTP core: it registers an HttpTracing here, and
// HttpCore starts a SERVER span per request through it. Without the bridge, the slot is empty
// and the core does one property check per request.

import type { IncomingHttpHeaders } from "node:http";
import { globalSlot } from "../../internal/global.ts";
import type { TraceParent } from "../traceparent.ts";

/** One request's span, as the HTTP core drives it. */
export interface RequestSpan {
  /** The span's trace id: the incoming traceparent's, or a new one. */
  readonly traceId: string;
  /** Runs `fn` with this span as the active one. */
  run<R>(fn: () => R): R;
  /** Whether this span is the active one here, so every line logged here already carries its ids. */
  isActive(): boolean;
  /** The router matched: renames the span `{method} {route}`. */
  setRoute(route: string): void;
  /** A handler failed with a server-side error. */
  fail(error: unknown): void;
  /** The response is done; ends the span. */
  end(status: number): void;
  /** `{ trace_id, span_id }` when the span is sampled, for a histogram exemplar. */
  exemplar(): Readonly<Record<string, string>> | undefined;
}

/** What the core knows of a request when it starts. */
export interface RequestStart {
  /** The method label (`_OTHER` for a non-standard method). */
  readonly method: string;
  /** The method as received. */
  readonly rawMethod: string | undefined;
  /** The path, sensitive query parameters redacted. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  /** The valid incoming traceparent, if any. */
  readonly parent: TraceParent | undefined;
}

export interface HttpTracing {
  /** The request's span, or undefined when there is nothing to trace (no valid span context). */
  startRequest(request: RequestStart): RequestSpan | undefined;
}

const slot = globalSlot<{ tracing: HttpTracing | undefined }>("http.tracing", () => ({ tracing: undefined }));

export function httpTracing(): HttpTracing | undefined {
  return slot.tracing;
}

export function setHttpTracing(tracing: HttpTracing | undefined): void {
  slot.tracing = tracing;
}
