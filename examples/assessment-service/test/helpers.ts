// Shared set-up: an app on an in-memory database, with logs captured in memory.

import type { FastifyInstance } from "fastify";
import { captureLogs } from "sightline/testing";
import type { CapturedLogs } from "sightline/testing";
import { buildApp } from "../src/app.ts";
import type { AppOptions } from "../src/app.ts";
import { openSqlite } from "../src/storage/sqlite.ts";
import { prepareDatabase } from "../src/storage/schema.ts";

export interface TestApp {
  app: FastifyInstance;
  logs: CapturedLogs;
}

export async function testApp(options: Partial<AppOptions> = {}, level: "debug" | "info" = "info"): Promise<TestApp> {
  const logs = captureLogs({ level, service: "assessment-api" });
  const db = openSqlite(":memory:");
  await prepareDatabase(db);
  const app = await buildApp({ db, demo: true, ...options });
  await app.ready();
  return { app, logs };
}

/** Headers of a request made as `userId`. */
export function as(userId: string): Record<string, string> {
  return { "x-user-id": userId };
}
