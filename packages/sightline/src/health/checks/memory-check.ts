import { getHeapStatistics } from "node:v8";
import { checkOptions, invalidOption, is } from "../../internal/options.ts";
import type { CheckFunction } from "../types.ts";

/** Options of {@link memoryCheck}: one limit or both. */
export interface MemoryCheckOptions {
  /** Fails when used heap / heap limit exceeds this ratio (0–1). */
  maxHeapRatio?: number;
  /** Fails when resident memory exceeds this many bytes. */
  maxRssBytes?: number;
}

/**
 * Fails when the process is close to its memory limit.
 * @since 0.1.0
 */
export function memoryCheck(options: MemoryCheckOptions): CheckFunction {
  const { maxHeapRatio, maxRssBytes } = checkOptions("memoryCheck()", options, {
    maxHeapRatio: is.ratio,
    maxRssBytes: is.positiveInteger,
  });
  if (maxHeapRatio === undefined && maxRssBytes === undefined) {
    throw invalidOption("memoryCheck()", undefined, "give maxHeapRatio, maxRssBytes or both");
  }
  return function memory() {
    const heap = getHeapStatistics();
    const heapRatio = heap.used_heap_size / heap.heap_size_limit;
    const rss = process.memoryUsage.rss();
    if (maxHeapRatio !== undefined && heapRatio > maxHeapRatio) {
      throw new Error(`heap ${(heapRatio * 100).toFixed(1)}% of its limit > ${(maxHeapRatio * 100).toFixed(1)}%`);
    }
    if (maxRssBytes !== undefined && rss > maxRssBytes) throw new Error(`rss ${rss} bytes > ${maxRssBytes}`);
    return { heap_ratio: Math.round(heapRatio * 1000) / 1000, rss_bytes: rss };
  };
}
