// hot path (every log line and histogram observation with tracing on); measured in docs/tracing.md "Cost"
// The active span's ids as log fields and as an exemplar. Lines logged in a row usually share
// one span, so the text of the last span context seen is kept: a line asks for the active
// span (an AsyncLocalStorage read) and compares one object.

import { context, isSpanContextValid, trace, TraceFlags, type SpanContext } from "@opentelemetry/api";
// the shape emit() appends: internal to src/log, filled here
import type { TraceFields } from "../internal/tracing-seam.ts";

/** One span context's ids, as log fields and as an exemplar. */
export interface SpanIds extends TraceFields {
  /** `{ trace_id, span_id }` when the span is sampled. */
  readonly exemplar: Readonly<Record<string, string>> | undefined;
}

let lastContext: SpanContext | undefined;
let lastIds: SpanIds | undefined;

function idsText(spanContext: SpanContext): SpanIds | undefined {
  if (!isSpanContextValid(spanContext)) return undefined;
  const { traceId, spanId, traceFlags } = spanContext;
  const flags = (traceFlags & 0xff).toString(16).padStart(2, "0");
  return {
    trace_id: traceId,
    span_id: spanId,
    trace_flags: flags,
    // valid ids are hex: nothing to escape
    fragment: `,"trace_id":"${traceId}","span_id":"${spanId}","trace_flags":"${flags}"`,
    exemplar: (traceFlags & TraceFlags.SAMPLED) === 0 ? undefined : { trace_id: traceId, span_id: spanId },
  };
}

/** The ids of a span context; undefined when it is invalid (no tracer provider, no parent). */
export function spanIds(spanContext: SpanContext): SpanIds | undefined {
  if (spanContext !== lastContext) {
    lastIds = idsText(spanContext);
    lastContext = spanContext;
  }
  return lastIds;
}

/** The active span's ids, for emit(). */
export function activeSpanIds(): SpanIds | undefined {
  const span = trace.getSpan(context.active());
  return span === undefined ? undefined : spanIds(span.spanContext());
}

/** The active sampled span's `{ trace_id, span_id }`, for a histogram observation. */
export function activeExemplar(): Readonly<Record<string, string>> | undefined {
  const span = trace.getSpan(context.active());
  return span === undefined ? undefined : spanIds(span.spanContext())?.exemplar;
}
