// Starts the assessment API: `npm start` from the repository root.

import { configure, getLogger } from "sightline";
import { initErrors } from "sightline/errors";
import { createHealth, sqliteCheck } from "sightline/health";
import { collectRuntimeMetrics } from "sightline/metrics";
import { buildApp } from "./app.ts";
import { openDatabase } from "./db.ts";

const VERSION = "0.1.0";

configure({ service: "assessment-api" });
const log = getLogger("main");

const dsn = process.env.SENTRY_DSN;
// Without a DSN, errors go to the embedded store (`npx sightline errors --db .data/errors.db`).
await initErrors(
  dsn !== undefined && dsn !== ""
    ? { dsn, release: VERSION, environment: process.env.NODE_ENV ?? "development" }
    : { storePath: ".data/errors.db", release: VERSION, environment: process.env.NODE_ENV ?? "development" },
);
collectRuntimeMetrics();

const db = openDatabase();
const health = createHealth({ checks: { database: sqliteCheck(db) }, version: VERSION });
const app = await buildApp({ db, health });

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? "127.0.0.1";
await app.listen({ port, host });

health.installShutdown({
  servers: [app.server],
  drainDelayMs: process.env.NODE_ENV === "production" ? 5000 : 0,
  onShutdown: () => db.close(),
});
health.markStarted();

const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
log.info("server_started", { url, version: VERSION });
process.stdout.write(
  [
    "",
    `Assessment API listening on ${url}`,
    "Try:",
    `  curl ${url}/assessments`,
    `  curl -X POST -H 'x-user-id: u-demo' ${url}/assessments/math-1/start`,
    `  curl ${url}/health/ready`,
    "More traffic: npm run demo:traffic --workspace examples/assessment-service",
    "",
  ].join("\n") + "\n",
);
