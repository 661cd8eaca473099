// Where the rate limit counts requests: in memory (one process) or in Redis (shared by instances).

import type { CheckFunction } from "sightline/health";

export interface RateLimitStore {
  /** Counts one request of `key` in the window starting at `windowStart`; resolves to the count so far. */
  hit(key: string, windowStart: number, windowMs: number): Promise<number>;
  /** The readiness check of the store, if it has a server. */
  readonly check?: CheckFunction;
  close(): Promise<void>;
}

const MAX_KEYS = 10_000;

/** Counts in this process's memory; windows of earlier periods are dropped as new ones start. */
export function memoryStore(): RateLimitStore {
  const counts = new Map<string, { windowStart: number; count: number }>();
  return {
    async hit(key, windowStart) {
      let entry = counts.get(key);
      if (entry === undefined || entry.windowStart !== windowStart) {
        if (counts.size >= MAX_KEYS) {
          for (const [k, e] of counts) if (e.windowStart !== windowStart) counts.delete(k);
          if (counts.size >= MAX_KEYS) counts.clear(); // a flood of ids in one window: start over
        }
        entry = { windowStart, count: 0 };
        counts.set(key, entry);
      }
      return ++entry.count;
    },
    async close() {
      counts.clear();
    },
  };
}
