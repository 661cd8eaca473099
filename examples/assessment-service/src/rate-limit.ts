// A per-user rate limit in memory: a fixed window per `x-user-id`, a warning at 80 %, 429 at the limit.

import type { FastifyReply, FastifyRequest } from "fastify";
import { getLogger } from "sightline";

const log = getLogger("rate_limit");

export interface RateLimitOptions {
  /** Requests allowed per window and user (default 60). */
  limit?: number;
  /** Window length in milliseconds (default one minute). */
  windowMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Window {
  start: number;
  count: number;
}

/** Returns a Fastify onRequest hook. Requests without `x-user-id` are limited by address. */
export function rateLimit(options: RateLimitOptions = {}) {
  const limit = options.limit ?? 60;
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const warnAt = Math.ceil(limit * 0.8);
  const windows = new Map<string, Window>();

  return async function rateLimitHook(request: FastifyRequest, reply: FastifyReply): Promise<void> {
    const header = request.headers["x-user-id"];
    const userId = typeof header === "string" && header !== "" ? header : undefined;
    const key = userId ?? `ip:${request.ip}`;
    const time = now();
    let window = windows.get(key);
    if (window === undefined || time - window.start >= windowMs) {
      if (windows.size > 10_000) windows.clear(); // bound the memory under a flood of ids
      window = { start: time, count: 0 };
      windows.set(key, window);
    }
    window.count++;
    if (window.count === warnAt) {
      log.warning("rate_limit_approaching", { user_id: userId, current: window.count, limit });
    }
    if (window.count > limit) {
      const retryAfter = Math.ceil((window.start + windowMs - time) / 1000);
      log.warning("rate_limit_exceeded", { user_id: userId, current: window.count, limit });
      await reply
        .code(429)
        .header("retry-after", String(retryAfter))
        .send({ error: "rate_limited", retry_after_seconds: retryAfter });
    }
  };
}
