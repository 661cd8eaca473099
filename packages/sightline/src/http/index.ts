// The framework-neutral HTTP core; the adapters (sightline/node, sightline/express, ...) use it.
export { HttpCore, contentLength } from "./core.ts";
export type { SightlineHttpOptions, RequestHandle } from "./core.ts";
export { parseTraceParent } from "../internal/traceparent.ts";
export type { TraceParent } from "../internal/traceparent.ts";
export { isSafeRequestId, generateRequestId } from "./request-id.ts";
export { methodLabel } from "./http-metrics.ts";
