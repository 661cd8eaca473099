// Where the OpenTelemetry bridge plugs into log lines: it registers a function returning the
// active span's ids, and emit() appends them to every line. Without the bridge, the slot is
// empty and emit() does one property check per line.

import { globalSlot } from "../../internal/global.ts";

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
