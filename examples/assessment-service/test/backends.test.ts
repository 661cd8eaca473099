// The service's storage made unavailable under it: the default SQLite file locked by another
// connection, then PostgreSQL (DATABASE_URL) and the rate limit in Redis (REDIS_URL) against
// real servers: Debian's `postgresql` and `redis-server`, started by the test on free 127.0.0.1
// ports in temporary directories (.ci/run installs them; without them these tests skip, saying
// why). The servers are stopped mid-test: readiness turns 503 while PostgreSQL is down and
// recovers when it is back; a Redis outage degrades the service without refusing requests.

import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import type { ReadinessReport } from "sightline/health";
import { captureLogs, scrapeMetrics, type CapturedLogs } from "sightline/testing";
import {
  postgresMissing,
  startPostgres,
  type RunningPostgres,
} from "../../../packages/sightline/test/helpers/postgres-server.ts";
import { redisMissing, startRedis, type RunningRedis } from "../../../packages/sightline/test/helpers/redis-server.ts";
import { createService, type Service } from "../src/service.ts";
import { as } from "./helpers.ts";

/** Safety net only: how long a state change may take before the test fails instead of hanging. */
const STATE_CHANGE_MS = 20_000;

async function readiness(service: Service): Promise<{ status: number; report: ReadinessReport }> {
  const res = await service.app.inject({ method: "GET", url: "/health/ready" });
  return { status: res.statusCode, report: res.json() };
}

/** Polls readiness until `accept` holds (checks are cached for a second). */
async function readinessUntil(
  service: Service,
  accept: (answer: { status: number; report: ReadinessReport }) => boolean,
): Promise<{ status: number; report: ReadinessReport }> {
  const deadline = Date.now() + STATE_CHANGE_MS;
  for (;;) {
    const answer = await readiness(service);
    if (accept(answer) || Date.now() > deadline) return answer;
    await sleep(200);
  }
}

/**
 * Sends `count` GET /assessments as `user`, round-robin over `instances`, and returns the status
 * codes. The limit counts per clock minute: a burst that crossed into the next minute is sent
 * again under a new user, so the expected codes never depend on when the test runs.
 */
async function burstInOneWindow(instances: readonly Service[], user: string, count: number): Promise<number[]> {
  for (let attempt = 1; ; attempt++) {
    const window = Math.floor(Date.now() / 60_000);
    const codes: number[] = [];
    for (let i = 0; i < count; i++) {
      const instance = instances[i % instances.length] as Service;
      const res = await instance.app.inject({ method: "GET", url: "/assessments", headers: as(`${user}-${attempt}`) });
      codes.push(res.statusCode);
    }
    if (Math.floor(Date.now() / 60_000) === window) return codes;
  }
}

let logs: CapturedLogs;
let dataDir: string;
before(async () => {
  logs = captureLogs({ service: "assessment-api", level: "debug" });
  dataDir = await mkdtemp(path.join(os.tmpdir(), "assessment-backends-"));
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("by default: SQLite under DATA_DIR", () => {
  let service: Service;
  before(async () => {
    const settings = { dataDir, databaseUrl: undefined, redisUrl: undefined, rateLimitPerMinute: 1000, demo: false };
    service = await createService(settings);
    await service.app.ready();
  });
  after(async () => {
    await service?.app.close();
    await service?.close();
  });

  test("readiness turns 503 while another process holds the database locked, and recovers", async () => {
    assert.equal(service.db.system, "sqlite");
    assert.equal((await readinessUntil(service, (r) => r.status === 200)).status, 200);
    // what a migration or a backup tool holding the file can do to the service
    const other = new DatabaseSync(path.join(dataDir, "assessments.db"));
    try {
      other.exec("BEGIN EXCLUSIVE");
      const down = await readinessUntil(service, (r) => r.status === 503);
      assert.equal(down.status, 503, JSON.stringify(down.report));
      assert.equal(down.report.checks.database?.status, "fail");
      const failed = await service.app.inject({ method: "GET", url: "/assessments", headers: as("u-lite") });
      assert.equal(failed.statusCode, 500);
    } finally {
      other.exec("COMMIT");
      other.close();
    }
    const up = await readinessUntil(service, (r) => r.status === 200);
    assert.equal(up.report.checks.database?.status, "ok");
    const again = await service.app.inject({ method: "GET", url: "/assessments", headers: as("u-lite") });
    assert.equal(again.statusCode, 200);
  });
});

describe("with DATABASE_URL: PostgreSQL", { skip: postgresMissing() ?? false }, () => {
  let postgres: RunningPostgres;
  let service: Service;
  before(async () => {
    postgres = await startPostgres();
    service = await createService({
      dataDir,
      databaseUrl: postgres.connectionString,
      redisUrl: undefined,
      rateLimitPerMinute: 1000,
      demo: false,
    });
    await service.app.ready();
  });
  after(async () => {
    await service?.app.close();
    await service?.close();
    await postgres?.remove();
  });

  test("the schema is created, the demo data seeded, and an assessment taken and retaken", async () => {
    assert.equal(service.db.system, "postgresql");
    const list = await service.app.inject({ method: "GET", url: "/assessments", headers: as("u-pg") });
    assert.deepEqual(
      list.json().assessments.map((a: { id: string }) => a.id),
      ["math-1", "reading-1", "science-1"],
    );
    const call = (method: "POST" | "PUT", url: string, payload?: object) =>
      service.app.inject({ method, url, headers: as("u-pg"), ...(payload ? { payload } : {}) });
    assert.equal((await call("POST", "/assessments/reading-1/start")).statusCode, 201);
    assert.equal((await call("PUT", "/assessments/reading-1/answers/q1", { value: 1 })).statusCode, 200);
    assert.equal((await call("PUT", "/assessments/reading-1/answers/q9", { value: 1 })).statusCode, 404);
    assert.equal((await call("PUT", "/assessments/reading-1/answers/q2", { value: 2 })).statusCode, 200);
    const submitted = await call("POST", "/assessments/reading-1/submit");
    assert.deepEqual(submitted.json(), { assessment_id: "reading-1", status: "completed", score: 50 });
    const retake = await call("POST", "/assessments/reading-1/retake");
    assert.equal(retake.statusCode, 200);
    assert.deepEqual(retake.json(), {
      assessment_id: "reading-1",
      status: "retake_enabled",
      previous_answers: 2,
      cleared: 2,
    });

    await logs.flush();
    const steps = logs.records
      .filter((l) => l.event === "retake_flow_step" && l.duration_ms !== undefined) // each step's end
      .map((l) => l.step);
    assert.deepEqual(steps, ["load_completed", "clear_answers", "enable_retake"]);
    // the queries went to PostgreSQL, timed by sightline/db, and its pool is reported
    const samples = await scrapeMetrics();
    const pgQueries = samples.filter(
      (s) => s.name === "db_client_operation_duration_seconds_count" && s.labels.system === "postgresql",
    );
    assert.ok(
      pgQueries.some((s) => s.labels.operation === "select" && s.value > 0),
      "SELECTs timed",
    );
    assert.ok(
      samples.some((s) => s.name === "db_client_connections"),
      "the pool's connections reported",
    );
  });

  test("readiness turns 503 while PostgreSQL is down and recovers when it is back", async () => {
    assert.equal((await readinessUntil(service, (r) => r.status === 200)).status, 200);
    await postgres.stop();
    const down = await readinessUntil(service, (r) => r.status === 503);
    assert.equal(down.status, 503, JSON.stringify(down.report));
    assert.equal(down.report.checks.database?.status, "fail");
    assert.ok(!JSON.stringify(down.report).includes(postgres.password), "no password in the answer");
    // a request needing the database fails as a 500, captured, and the service keeps running
    const failed = await service.app.inject({ method: "GET", url: "/assessments", headers: as("u-pg") });
    assert.equal(failed.statusCode, 500);

    await postgres.start();
    const up = await readinessUntil(service, (r) => r.status === 200);
    assert.equal(up.status, 200, JSON.stringify(up.report));
    assert.equal(up.report.checks.database?.status, "ok");
    const again = await service.app.inject({ method: "GET", url: "/assessments", headers: as("u-pg") });
    assert.equal(again.statusCode, 200);
    await logs.flush();
    assert.ok(!logs.text().includes(postgres.password), "no password in any log line");
  });
});

describe("with REDIS_URL: the rate limit in Redis", { skip: redisMissing() ?? false }, () => {
  let redis: RunningRedis;
  let instances: Service[];
  before(async () => {
    redis = await startRedis();
    const redisUrl = `redis://:${encodeURIComponent(redis.password)}@${redis.host}:${redis.port}`;
    const settings = { dataDir, databaseUrl: undefined, redisUrl, rateLimitPerMinute: 10, demo: false };
    // two instances sharing one Redis: the limit holds across them
    instances = [await createService(settings), await createService({ ...settings, dataDir: `${dataDir}-b` })];
    for (const instance of instances) await instance.app.ready();
    await readinessUntil(instances[0] as Service, (r) => r.report.checks.redis?.status === "ok");
  });
  after(async () => {
    for (const instance of instances ?? []) {
      await instance.app.close();
      await instance.close();
    }
    await redis?.remove();
    await rm(`${dataDir}-b`, { recursive: true, force: true });
  });

  test("instances count against one limit: the warning at 80 %, then 429", async () => {
    const user = `u-shared-${Date.now()}`;
    const codes = await burstInOneWindow(instances, user, 12);
    assert.deepEqual(codes, [...Array<number>(10).fill(200), 429, 429]);
    await logs.flush();
    const warnings = logs.records.filter(
      (l) => l.event === "rate_limit_approaching" && String(l.user_id).startsWith(user),
    );
    assert.equal(warnings.at(-1)?.current, 8);
    assert.equal(warnings.at(-1)?.level, "warning");
  });

  test("a Redis outage degrades the service but refuses no request; counting resumes after", async () => {
    const service = instances[0] as Service;
    await redis.stop();
    const user = `u-outage-${Date.now()}`;
    for (let i = 0; i < 15; i++) {
      const res = await service.app.inject({ method: "GET", url: "/assessments", headers: as(user) });
      assert.equal(res.statusCode, 200, "not limited while the store is down");
    }
    const degraded = await readinessUntil(service, (r) => r.report.checks.redis?.status === "fail");
    assert.equal(degraded.status, 200, "a non-critical check failing leaves the service ready");
    assert.equal(degraded.report.status, "degraded");
    await logs.flush();
    assert.equal(logs.records.filter((l) => l.event === "rate_limit_store_failed").length, 1, "logged once");

    await redis.start();
    await readinessUntil(service, (r) => r.report.checks.redis?.status === "ok");
    const codes = await burstInOneWindow([service], `u-after-${Date.now()}`, 11);
    assert.deepEqual(codes, [...Array<number>(10).fill(200), 429]);
    await logs.flush();
    assert.ok(logs.records.some((l) => l.event === "rate_limit_store_recovered"));
  });
});
