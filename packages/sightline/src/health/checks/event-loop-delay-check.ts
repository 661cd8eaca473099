import { monitorEventLoopDelay } from "node:perf_hooks";
import { checkOptions, invalidOption, is } from "../../internal/options.ts";
import type { CheckFunction } from "../types.ts";

/** Options of {@link eventLoopDelayCheck}. */
export interface EventLoopDelayCheckOptions {
  /** Fails when the 99th percentile delay since the previous check exceeds this. */
  maxMs: number;
}

/**
 * Fails while the event loop is too busy to serve requests in time (p99 delay since the last
 * check). Usually non-critical: a slow instance should shed load, not necessarily leave.
 * @since 0.1.0
 */
export function eventLoopDelayCheck(options: EventLoopDelayCheckOptions): CheckFunction {
  const { maxMs } = checkOptions("eventLoopDelayCheck()", options, { maxMs: is.positiveMilliseconds });
  if (maxMs === undefined) throw invalidOption("eventLoopDelayCheck()", "maxMs", "required (the p99 delay that fails)");
  const monitor = monitorEventLoopDelay({ resolution: 10 });
  monitor.enable();
  return function eventLoop() {
    const p99Ms = monitor.percentile(99) / 1e6;
    monitor.reset();
    if (p99Ms > maxMs) throw new Error(`event loop p99 delay ${p99Ms.toFixed(1)} ms > ${maxMs} ms`);
    return { p99_ms: Math.round(p99Ms * 10) / 10 };
  };
}
