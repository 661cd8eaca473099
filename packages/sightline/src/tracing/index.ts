// sightline/tracing: the OpenTelemetry bridge. @opentelemetry/api is an optional peer dependency
// loaded only by this subpath: an application that never imports it never loads OpenTelemetry.

import { trace, type Tracer, type TracerProvider } from "@opentelemetry/api";
import { checkOptions, is } from "../internal/options.ts";
// the hook slots of flows, the HTTP core, log lines and histograms (each internal to its folder)
import { setDbTracing } from "../internal/tracing-seam.ts";
import { setFlowTracing } from "../internal/tracing-seam.ts";
import { setHttpTracing } from "../internal/tracing-seam.ts";
import { traceHook } from "../internal/tracing-seam.ts";
import { exemplarHook } from "../internal/tracing-seam.ts";
import { createDbTracing } from "./db-spans.ts";
import { createFlowTracing } from "./flow-spans.ts";
import { createHttpTracing } from "./http-spans.ts";
import { activeExemplar, activeSpanIds } from "./span-ids.ts";

/** Options of {@link enableTracing}. @since 0.1.0 */
export interface TracingOptions {
  /** The instrumentation scope of Sightline's spans. Default `"sightline"`. */
  tracerName?: string;
}

/**
 * Bridges Sightline to OpenTelemetry, through the globally registered tracer provider: flows
 * and their steps become spans, HTTP requests SERVER spans continuing the incoming
 * `traceparent`; every line logged while a span is active carries `trace_id`, `span_id` and
 * `trace_flags`; histogram observations inside a sampled span keep its ids as an exemplar.
 * Register a tracer provider and a context manager (an OpenTelemetry SDK does both).
 *
 * @example
 * import { enableTracing } from "sightline/tracing";
 * enableTracing();
 * @see docs/tracing.md
 * @since 0.1.0
 */
export function enableTracing(options: TracingOptions = {}): void {
  const name = checkOptions("enableTracing()", options, { tracerName: is.nonEmptyString }).tracerName ?? "sightline";
  // the tracer of the provider registered now, asked again if another one is registered later
  let provider: TracerProvider | undefined;
  let tracer: Tracer | undefined;
  const currentTracer = (): Tracer => {
    const current = trace.getTracerProvider();
    if (current !== provider || tracer === undefined) {
      provider = current;
      tracer = current.getTracer(name);
    }
    return tracer;
  };
  setFlowTracing(createFlowTracing(currentTracer));
  setHttpTracing(createHttpTracing(currentTracer));
  setDbTracing(createDbTracing(currentTracer));
  traceHook.active = activeSpanIds;
  exemplarHook.active = activeExemplar;
}

/** Turns the bridge off: no more spans, trace fields or exemplars from Sightline. @since 0.1.0 */
export function disableTracing(): void {
  setFlowTracing(undefined);
  setHttpTracing(undefined);
  setDbTracing(undefined);
  traceHook.active = undefined;
  exemplarHook.active = undefined;
}
