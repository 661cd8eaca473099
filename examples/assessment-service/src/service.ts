// The service as main.ts runs it, and as the tests build it: the configured database and rate
// limit store, readiness checks that follow them, and the Fastify app.

import type { FastifyInstance } from "fastify";
import { createHealth, type Health } from "sightline/health";
import { buildApp } from "./app.ts";
import type { ServiceConfig } from "./config.ts";
import { redisStore } from "./rate-limit/redis-store.ts";
import { memoryStore } from "./rate-limit/store.ts";
import type { Database } from "./storage/database.ts";
import { openDatabase } from "./storage/open.ts";

export const VERSION = "0.1.0";

export interface Service {
  app: FastifyInstance;
  health: Health;
  db: Database;
  /** Closes the rate limit store and the database (after the server has stopped). */
  close(): Promise<void>;
}

export type StorageSettings = Pick<
  ServiceConfig,
  "dataDir" | "databaseUrl" | "redisUrl" | "rateLimitPerMinute" | "demo"
>;

export async function createService(config: StorageSettings): Promise<Service> {
  const db = await openDatabase(config);
  const limits = config.redisUrl !== undefined ? redisStore(config.redisUrl) : memoryStore();
  // Readiness follows what is configured. The rate limit lets requests through while Redis is
  // down, so a Redis outage degrades the service (reported, still ready) instead of taking every
  // instance out of rotation at once.
  const health = createHealth({
    checks: {
      database: db.check,
      ...(limits.check !== undefined ? { redis: { check: limits.check, critical: false } } : {}),
    },
    version: VERSION,
  });
  const app = await buildApp({
    db,
    health,
    demo: config.demo,
    rateLimit: { limit: config.rateLimitPerMinute, windowMs: 60_000, store: limits },
  });
  return {
    app,
    health,
    db,
    async close() {
      await limits.close();
      await db.close();
    },
  };
}
