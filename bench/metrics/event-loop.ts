// Measuring how long the event loop is blocked.

import { monitorEventLoopDelay, performance } from "node:perf_hooks";

/**
 * Runs `operation` and returns its result, its wall time and the longest stretch during it in
 * which the event loop did not turn, both in ms. A setImmediate chain runs while the operation
 * does (only then: it keeps the loop spinning) and notes the gap between its turns; the last
 * gap ends when the operation's promise settles. Precise to microseconds.
 */
export async function measureBlocking<T>(
  operation: () => Promise<T>,
): Promise<{ result: T; ms: number; blockMs: number }> {
  const start = performance.now();
  let last = start;
  let longest = 0;
  let handle: NodeJS.Immediate;
  function beat(): void {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
    handle = setImmediate(beat);
  }
  handle = setImmediate(beat);
  const result = await operation();
  clearImmediate(handle);
  const end = performance.now();
  return { result, ms: end - start, blockMs: Math.max(longest, end - last) };
}

/**
 * Watches the event loop with monitorEventLoopDelay (a 1 ms timer, so idle waits cost nothing;
 * precise to about a millisecond) until the returned function is called, which gives the
 * longest delay seen, in ms.
 */
export function watchEventLoop(): () => number {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  return () => {
    histogram.disable();
    return histogram.max / 1e6;
  };
}
