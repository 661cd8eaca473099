// A per-user rate limit: fixed windows per `x-user-id` (else the address), a warning at 80 %, 429
// at the limit. When the store fails (Redis down), requests go through: a limiter must not take
// the service down with it. The outage and the recovery are logged once each.

import type { FastifyReply, FastifyRequest } from "fastify";
import { getLogger } from "sightline";
import { memoryStore, type RateLimitStore } from "./store.ts";

const log = getLogger("rate_limit");

export interface RateLimitOptions {
  /** Requests allowed per window and user (default 60). */
  limit?: number;
  /** Window length in milliseconds (default one minute). */
  windowMs?: number;
  /** Where the counts live (default: this process's memory). */
  store?: RateLimitStore;
  /** Clock, for tests. */
  now?: () => number;
}

/** Returns a Fastify onRequest hook. */
export function rateLimit(options: RateLimitOptions = {}) {
  const limit = options.limit ?? 60;
  const windowMs = options.windowMs ?? 60_000;
  const store = options.store ?? memoryStore();
  const now = options.now ?? Date.now;
  const warnAt = Math.ceil(limit * 0.8);
  let storeFailed = false;

  return async function rateLimitHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers["x-user-id"];
    const userId = typeof header === "string" && header !== "" ? header : undefined;
    const time = now();
    const windowStart = time - (time % windowMs);
    let count: number;
    try {
      count = await store.hit(userId ?? `ip:${request.ip}`, windowStart, windowMs);
    } catch (error) {
      if (!storeFailed) {
        storeFailed = true;
        log.warning("rate_limit_store_failed", { error, effect: "requests_not_limited" });
      }
      return;
    }
    if (storeFailed) {
      storeFailed = false;
      log.info("rate_limit_store_recovered");
    }
    if (count === warnAt) {
      log.warning("rate_limit_approaching", { user_id: userId, current: count, limit });
    }
    if (count > limit) {
      const retryAfter = Math.ceil((windowStart + windowMs - time) / 1000);
      log.warning("rate_limit_exceeded", { user_id: userId, current: count, limit });
      await reply
        .code(429)
        .header("retry-after", String(retryAfter))
        .send({ error: "rate_limited", retry_after_seconds: retryAfter });
    }
  };
}
