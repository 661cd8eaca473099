// The rate limit's counters in Redis (REDIS_URL), so that every instance counts against one limit:
// INCR of a key per caller and window, which expires with its window.

import { Redis } from "ioredis";
import { getLogger } from "sightline";
import { redisCheck } from "sightline/health";
import type { RateLimitStore } from "./store.ts";

const log = getLogger("rate_limit");

export function redisStore(url: string): RateLimitStore {
  const client = new Redis(url, {
    // fail fast while disconnected: the limiter lets requests through instead of queueing them
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    connectTimeout: 2000,
    connectionName: "assessment-api",
  });
  // ioredis reports every failed reconnection attempt; the limiter logs the outage itself
  client.on("error", (error: Error) => log.debug("redis_connection_error", { error_message: error.message }));
  return {
    async hit(key, windowStart, windowMs) {
      const name = `rate_limit:${key}:${windowStart}`;
      const replies = await client.multi().incr(name).pexpire(name, windowMs).exec();
      const [error, count] = replies?.[0] ?? [new Error("INCR: no reply (transaction discarded)")];
      if (error !== null && error !== undefined) throw error;
      return Number(count);
    },
    check: redisCheck(client),
    async close() {
      client.disconnect();
    },
  };
}
