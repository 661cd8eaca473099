// Starts the assessment API: `npm start` from the repository root. Settings: src/config.ts.

import path from "node:path";
import { configure, flush, getLogger } from "sightline";
import { initErrors } from "sightline/errors";
import { collectRuntimeMetrics } from "sightline/metrics";
import { ConfigError, readConfig, type ServiceConfig } from "./config.ts";
import { createService, VERSION } from "./service.ts";

configure({ service: "assessment-api" });
const log = getLogger("main");
let config: ServiceConfig;
try {
  config = readConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  // a wrong setting: say which, and stop before anything starts
  log.error("configuration_invalid", { step: "read_settings", variable: error.variable, error_message: error.message });
  await flush();
  process.exit(1);
}

// Without a DSN, errors go to the embedded store (`npx sightline errors --db .data/errors.db`).
await initErrors({
  ...(config.sentryDsn !== undefined
    ? { dsn: config.sentryDsn }
    : { storePath: path.join(config.dataDir, "errors.db") }),
  release: VERSION,
  environment: config.environment,
});
collectRuntimeMetrics();

const { app, health, db, close } = await createService(config);
try {
  await app.listen({ port: config.port, host: config.host });
} catch (error) {
  if ((error as NodeJS.ErrnoException).code !== "EADDRINUSE") throw error;
  // the usual first-run problem: one line that says what to do, not a crash report
  log.error("port_in_use", {
    port: config.port,
    host: config.host,
    hint: "set PORT to a free port (PORT=0 picks one)",
    error_message: (error as Error).message,
  });
  await close();
  await flush();
  process.exit(1);
}
health.installShutdown({ servers: [app.server], drainDelayMs: config.drainDelayMs, onShutdown: close });
health.markStarted();

const address = app.server.address();
const port = typeof address === "object" && address !== null ? address.port : config.port;
const url = `http://${config.host.includes(":") ? `[${config.host}]` : config.host}:${port}`;
log.info("server_started", {
  url,
  version: VERSION,
  environment: config.environment,
  database: db.system,
  rate_limit_store: config.redisUrl !== undefined ? "redis" : "memory",
});
if (config.environment !== "production") {
  // for the person who typed `npm start`; in production the server_started line says it all
  process.stdout.write(
    [
      "",
      `Assessment API listening on ${url}`,
      "Try:",
      `  curl ${url}/assessments`,
      `  curl -X POST -H 'x-user-id: u-demo' ${url}/assessments/math-1/start`,
      `  curl ${url}/health/ready`,
      "More traffic: npm run demo:traffic",
      "",
    ].join("\n") + "\n",
  );
}
