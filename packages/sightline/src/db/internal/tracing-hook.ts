// Where the OpenTelemetry bridge plugs into database calls: it registers a DbTracing here, and
// every instrumented query starts a span through it. Without the bridge, nothing is traced.

import { globalSlot } from "../../internal/global.ts";

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

const slot = globalSlot<{ tracing: DbTracing | undefined }>("db.tracing", () => ({ tracing: undefined }));

export function dbTracing(): DbTracing | undefined {
  return slot.tracing;
}

export function setDbTracing(tracing: DbTracing | undefined): void {
  slot.tracing = tracing;
}
