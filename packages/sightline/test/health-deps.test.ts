// Readiness against real dependencies: a PostgreSQL and a Redis server (Debian's `postgresql` and
// `redis-server` packages; .ci/run installs them, and these tests skip, saying why, where they are
// missing), each started by the test on a free 127.0.0.1 port in a temporary directory, with a
// password. pgCheck() goes through a `pg` Pool and redisCheck() through an ioredis client, both set
// up to fail fast while their server is down. Stopping a server turns readiness to 503 with that
// check failing (and no secret in the answer or the logs); starting it again on the same port
// turns readiness back to 200. cacheMs is 0, so every probe runs the checks.

import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { Pool } from "pg";
import {
  createHealth,
  healthHandler,
  pgCheck,
  redisCheck,
  type CheckFunction,
  type ReadinessReport,
} from "sightline/health";
import { captureLogs, resetForTests, type CapturedLogs } from "sightline/testing";
import { postgresMissing, startPostgres, type RunningPostgres } from "./helpers/postgres-server.ts";
import { redisMissing, startRedis, type RunningRedis } from "./helpers/redis-server.ts";

/** The per-check timeout; the clients give up before it, so a down server fails with its own error. */
const CHECK_TIMEOUT_MS = 2_000;
const CLIENT_TIMEOUT_MS = 1_000;
/** Safety net only: how long a state change may take before the test fails instead of hanging. */
const STATE_CHANGE_MS = 20_000;
const TEST_OPTIONS = { timeout: 60_000 };

const postgresSkip = postgresMissing();
const redisSkip = redisMissing();

let postgres: RunningPostgres | undefined;
let pool: Pool | undefined;
let redis: RunningRedis | undefined;
let client: Redis | undefined;
let server: Server | undefined;
let base = "";
let logs: CapturedLogs;

before(async () => {
  logs = captureLogs(); // the checks' state-change lines, kept for the no-secret assertions
  const checks: Record<string, CheckFunction> = {};
  if (postgresSkip === undefined) {
    postgres = await startPostgres();
    pool = new Pool({
      connectionString: postgres.connectionString,
      max: 2,
      connectionTimeoutMillis: CLIENT_TIMEOUT_MS,
    });
    // An idle client whose session the server ends emits 'error' on the pool; without a listener
    // that would crash the process. The next check reports the outage.
    pool.on("error", () => {});
    checks.postgres = pgCheck(pool);
  }
  if (redisSkip === undefined) {
    redis = await startRedis();
    client = new Redis({
      host: redis.host,
      port: redis.port,
      password: redis.password,
      lazyConnect: true,
      connectTimeout: CLIENT_TIMEOUT_MS,
      // while disconnected, a command fails at once instead of waiting in a queue
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      // and the client keeps trying to reconnect, quickly, forever
      retryStrategy: () => 50,
    });
    client.on("error", () => {}); // connection errors while the server is down; the check reports them
    await client.connect();
    checks.redis = redisCheck(client);
  }
  const health = createHealth({ registry: false, cacheMs: 0, timeoutMs: CHECK_TIMEOUT_MS, checks });
  const probes = healthHandler(health);
  server = createServer((req, res) => {
    if (!probes(req, res)) res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(async () => {
  server?.closeAllConnections();
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  client?.disconnect();
  await pool?.end();
  await postgres?.remove();
  await redis?.remove();
  resetForTests();
});

interface Probe {
  status: number;
  report: ReadinessReport;
  text: string;
}

async function readiness(accept?: string): Promise<Probe> {
  const response = await fetch(`${base}/health/ready`, {
    headers: accept === undefined ? {} : { accept },
    signal: AbortSignal.timeout(10_000),
  });
  const text = await response.text();
  return { status: response.status, report: JSON.parse(text) as ReadinessReport, text };
}

/** Probes readiness until `accept` takes the answer; fails with the last answer after STATE_CHANGE_MS. */
async function waitForReadiness(accept: (probe: Probe) => boolean, what: string): Promise<Probe> {
  const deadline = Date.now() + STATE_CHANGE_MS;
  for (;;) {
    const probe = await readiness();
    if (accept(probe)) return probe;
    if (Date.now() >= deadline) assert.fail(`${what}: not reached after ${STATE_CHANGE_MS} ms; last ${probe.text}`);
    await sleep(50);
  }
}

function assertReady(probe: Probe): void {
  assert.equal(probe.status, 200, probe.text);
  assert.equal(probe.report.status, "ok", probe.text);
  for (const [name, check] of Object.entries(probe.report.checks)) {
    assert.equal(check.status, "ok", `${name}: ${probe.text}`);
    assert.equal(check.error, undefined, probe.text);
  }
}

/** No trace of a password or of the connection settings in `text`. */
function assertNoSecret(text: string, password: string): void {
  assert.ok(!text.includes(password), `the password shows in: ${text}`);
  assert.doesNotMatch(text, /postgres(ql)?:\/\/[^[]/, `a connection string shows in: ${text}`);
  assert.doesNotMatch(text, /redis:\/\/[^[]/, `a connection string shows in: ${text}`);
}

/**
 * Stops one dependency: readiness becomes 503 with that check (critical) failing and the other
 * one still ok; no secret in either response format or in the logs. Then starts it again on
 * the same port and data directory: readiness is 200 again.
 */
async function outageAndRecovery(name: "postgres" | "redis", dependency: RunningPostgres | RunningRedis) {
  assertReady(await readiness());
  await dependency.stop();

  const down = await waitForReadiness((probe) => probe.status === 503, `${name} down → 503`);
  assert.equal(down.report.status, "fail", down.text);
  const failed = down.report.checks[name];
  assert.ok(failed !== undefined, down.text);
  assert.equal(failed.status, "fail", down.text);
  assert.equal(failed.critical, true);
  assert.equal(typeof failed.error, "string", down.text);
  assert.notEqual(failed.error, "", down.text);
  for (const [other, check] of Object.entries(down.report.checks)) {
    if (other !== name) assert.equal(check.status, "ok", `${other} is unaffected: ${down.text}`);
  }
  const draft = await readiness("application/health+json");
  assert.equal(draft.status, 503, draft.text);
  assertNoSecret(down.text, dependency.password);
  assertNoSecret(draft.text, dependency.password);

  await dependency.start();
  assertReady(await waitForReadiness((probe) => probe.status === 200, `${name} back → 200`));

  await logs.flush();
  assertNoSecret(logs.text(), dependency.password);
  const events = logs.records.filter((record) => record.check === name).map((record) => record.event);
  assert.deepEqual(events.slice(-2), ["health_check_failed", "health_check_recovered"], logs.text());
}

test(
  "readiness with pgCheck(pool) and redisCheck(client) against running servers is 200 ok",
  { ...TEST_OPTIONS, skip: postgresSkip ?? redisSkip ?? false },
  async () => {
    const probe = await readiness();
    assertReady(probe);
    assert.deepEqual(Object.keys(probe.report.checks).sort(), ["postgres", "redis"]);
    const draft = await readiness("application/health+json");
    assert.equal(draft.status, 200);
    assert.equal((draft.report as unknown as { status: string }).status, "pass");
  },
);

test(
  "PostgreSQL stopped: readiness 503 with the postgres check failing, no secret shown; restarted: 200 again",
  { ...TEST_OPTIONS, skip: postgresSkip ?? false },
  async () => {
    assert.ok(postgres !== undefined);
    await outageAndRecovery("postgres", postgres);
    // the pool is usable again, through the restarted server
    assert.deepEqual((await pool?.query<{ one: number }>("SELECT 1 AS one"))?.rows, [{ one: 1 }]);
  },
);

test(
  "Redis stopped: readiness 503 with the redis check failing, no secret shown; restarted: 200 again",
  { ...TEST_OPTIONS, skip: redisSkip ?? false },
  async () => {
    assert.ok(redis !== undefined);
    await outageAndRecovery("redis", redis);
    assert.equal(await client?.ping(), "PONG");
  },
);
