// The one seam between the OpenTelemetry bridge (sightline/tracing) and the modules it traces.
// Each module reads its slot here (HTTP requests, flows, database queries, the ids a log line
// carries, a histogram's exemplar); enableTracing() fills them. Without the bridge every slot is
// empty and each module does one property check per request, line or observation. Here, below
// every folder, so that neither side imports the other's private files.

import type { IncomingHttpHeaders } from "node:http";
import { globalSlot } from "./global.ts";
import type { TraceParent } from "./traceparent.ts";

/** A slot's reader and writer, kept in the process-wide global (two copies of Sightline share it). */
function seamSlot<T>(name: string): [get: () => T | undefined, set: (tracing: T | undefined) => void] {
  const slot = globalSlot<{ tracing: T | undefined }>(name, () => ({ tracing: undefined }));
  return [() => slot.tracing, (tracing) => void (slot.tracing = tracing)];
}

// ---- HTTP requests

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

export const [httpTracing, setHttpTracing] = seamSlot<HttpTracing>("http.tracing");

// ---- Flows

export interface StepSpan {
  /** Runs `fn` (the step's function) with this span as the active one. */
  run<R>(fn: () => R): R;
  end(error?: unknown): void;
}

export interface FlowSpan {
  /** Runs `fn` (the flow's body) with this span as the active one. */
  run<R>(fn: () => R): R;
  startStep(name: string): StepSpan;
  end(error?: unknown): void;
}

export interface FlowTracing {
  startFlow(name: string, id: string, fields: Readonly<Record<string, unknown>>): FlowSpan;
}

export const [flowTracing, setFlowTracing] = seamSlot<FlowTracing>("flow.tracing");

// ---- Database queries

/** One query being traced: ended once, with the error when it failed. */
export interface DbQuerySpan {
  end(error?: unknown): void;
}

/** What a span is told about its query. Parameters are never part of it. */
export interface DbQueryInfo {
  /** `sqlite`, `postgresql`, `other` (or the name a timedQuery() call gave). */
  readonly system: string;
  /** `select`, `insert`, `update`, `delete` or `other` (a timedQuery() call may name its own). */
  readonly operation: string;
  /** The statement text as the application wrote it (placeholders, never values); may be long. */
  readonly statement: string | undefined;
}

export interface DbTracing {
  /** Called when a query starts, in the caller's async context; `end()` is called once when it ends. */
  startQuery(query: DbQueryInfo): DbQuerySpan;
}

export const [dbTracing, setDbTracing] = seamSlot<DbTracing>("db.tracing");

// ---- Log lines

/** The ids of the active span, with their JSON text prepared once per span. */
export interface TraceFields {
  readonly trace_id: string;
  readonly span_id: string;
  /** Two hex digits: `01` when sampled. */
  readonly trace_flags: string;
  /** `,"trace_id":"…","span_id":"…","trace_flags":"01"` */
  readonly fragment: string;
}

/** The keys a line gets from the active span; any other scope's fields of these names give way. */
export const TRACE_KEYS: readonly string[] = ["trace_id", "span_id", "trace_flags"];

export const traceHook = globalSlot<{ active: (() => TraceFields | undefined) | undefined }>("log.trace", () => ({
  active: undefined,
}));

// ---- Histogram exemplars

export const exemplarHook = globalSlot<{ active: (() => Readonly<Record<string, string>> | undefined) | undefined }>(
  "metrics.exemplar",
  () => ({ active: undefined }),
);
