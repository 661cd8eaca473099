import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, test } from "node:test";
import { Registry } from "../metrics/index.ts";
import { captureLogs, resetForTests, scrapeMetrics } from "../testing/index.ts";
import { createHealth, healthHandler, type Health } from "./index.ts";

beforeEach(() => captureLogs()); // keep the checks' state-change lines out of the test output
afterEach(() => resetForTests());

const SECRET = "hunter2-secret";

async function serve(health: Health): Promise<{ base: string; server: Server }> {
  const probes = healthHandler(health);
  const server = createServer((req, res) => {
    if (!probes(req, res)) res.writeHead(404).end("app");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

test("liveness answers without touching dependencies, and stays 200 while draining", async () => {
  let ran = 0;
  const health = createHealth({ registry: false, checks: { db: () => void ran++ } });
  const { base, server } = await serve(health);
  try {
    for (const path of ["/health", "/livez"]) {
      const response = await fetch(base + path);
      assert.equal(response.status, 200);
      const body = (await response.json()) as Record<string, unknown>;
      assert.equal(body.status, "ok");
      assert.equal(typeof body.uptime_s, "number");
    }
    health.markDraining();
    assert.equal((await fetch(`${base}/health`)).status, 200);
    assert.equal(ran, 0);
    assert.equal((await fetch(`${base}/other`)).status, 404);
  } finally {
    server.close();
  }
});

test("readiness: ok is 200, a failing non-critical check is degraded (200), a failing critical one is 503", async () => {
  let dbUp = true;
  const health = createHealth({
    registry: false,
    cacheMs: 0,
    checks: {
      database: () => {
        if (!dbUp) throw new Error("connection refused");
      },
      cache: { check: () => Promise.reject(new Error("redis down")), critical: false },
    },
  });
  let answer = await health.readiness();
  assert.equal(answer.statusCode, 200);
  assert.equal(answer.report.status, "degraded");
  assert.equal(answer.report.checks.database?.status, "ok");
  assert.equal(answer.report.checks.cache?.error, "Error: redis down");
  dbUp = false;
  answer = await health.readiness();
  assert.equal(answer.statusCode, 503);
  assert.equal(answer.report.status, "fail");
  health.markDraining();
  dbUp = true;
  answer = await health.readiness();
  assert.equal(answer.statusCode, 503);
  assert.equal(answer.report.draining, true);
});

test("a check that hangs forever fails at its timeout; the probe still answers", async () => {
  const health = createHealth({
    registry: false,
    checks: { hung: { check: () => new Promise(() => {}), timeoutMs: 50 }, fine: () => undefined },
  });
  const { statusCode, report } = await health.readiness();
  assert.equal(statusCode, 503);
  assert.equal(report.checks.hung?.status, "fail");
  assert.equal(report.checks.hung?.error, "CheckTimeout: timed out after 50 ms");
  assert.equal(report.checks.fine?.status, "ok");
});

test("an error holding a connection string never shows its secret in responses or logs", async () => {
  const logs = captureLogs();
  const health = createHealth({
    registry: false,
    serviceId: "assessment-api",
    checks: {
      postgres: () => {
        throw new Error(`connect to postgres://app:${SECRET}@db.internal:5432/app failed, password=${SECRET}`);
      },
    },
  });
  const { base, server } = await serve(health);
  try {
    const plain = await (await fetch(`${base}/health/ready`)).text();
    const draft = await (await fetch(`${base}/readyz`, { headers: { accept: "application/health+json" } })).text();
    await logs.flush();
    for (const text of [plain, draft, logs.text()]) {
      assert.ok(!text.includes(SECRET), text);
      assert.ok(!text.includes("db.internal"), text);
    }
    assert.match(plain, /postgres:\/\/\[REDACTED\]/);
  } finally {
    server.close();
  }
});

test("100 concurrent probes run each check once; results are cached for cacheMs", async () => {
  let runs = 0;
  const health = createHealth({
    registry: false,
    cacheMs: 60_000,
    checks: {
      slow: async () => {
        runs++;
        await new Promise((resolve) => setTimeout(resolve, 20));
      },
    },
  });
  const answers = await Promise.all(Array.from({ length: 100 }, () => health.readiness()));
  assert.equal(runs, 1);
  assert.ok(answers.every((a) => a.statusCode === 200));
  await health.readiness();
  assert.equal(runs, 1);
});

test("application/health+json gives the IETF draft format", async () => {
  const health = createHealth({
    registry: false,
    version: "1.4.2",
    serviceId: "assessment-api",
    checks: { database: () => undefined, cache: { check: () => Promise.reject(new Error("down")), critical: false } },
  });
  const { base, server } = await serve(health);
  try {
    const response = await fetch(`${base}/health/ready`, { headers: { accept: "application/health+json" } });
    assert.equal(response.headers.get("content-type"), "application/health+json; charset=utf-8");
    const body = (await response.json()) as Record<string, any>;
    assert.equal(body.status, "warn");
    assert.equal(body.version, "1.4.2");
    assert.equal(body.serviceId, "assessment-api");
    assert.equal(body.checks["database:responseTime"][0].status, "pass");
    assert.equal(body.checks["cache:responseTime"][0].status, "warn");
    assert.equal(body.checks["cache:responseTime"][0].output, "Error: down");
    assert.equal(body.checks["cache:responseTime"][0].observedUnit, "ms");
  } finally {
    server.close();
  }
});

test("startup is 503 until markStarted()", async () => {
  const health = createHealth({ registry: false });
  const { base, server } = await serve(health);
  try {
    assert.equal((await fetch(`${base}/health/startup`)).status, 503);
    health.markStarted();
    const response = await fetch(`${base}/startupz`);
    assert.equal(response.status, 200);
    assert.equal(((await response.json()) as { status: string }).status, "ok");
  } finally {
    server.close();
  }
});

test("metrics per check, and a log line only when a check changes state", async () => {
  const logs = captureLogs();
  const registry = new Registry();
  let up = true;
  const health = createHealth({
    registry,
    cacheMs: 0,
    checks: {
      database: () => {
        if (!up) throw new Error("down");
      },
    },
  });
  await health.readiness();
  up = false;
  await health.readiness();
  await health.readiness();
  let samples = await scrapeMetrics(registry);
  assert.equal(samples.find((s) => s.name === "health_check_status")?.value, 0);
  assert.ok(samples.some((s) => s.name === "health_check_duration_seconds" && s.labels.check === "database"));
  up = true;
  await health.readiness();
  samples = await scrapeMetrics(registry);
  assert.equal(samples.find((s) => s.name === "health_check_status")?.value, 1);
  await logs.flush();
  assert.deepEqual(
    logs.records.map((r) => [r.event, r.check]),
    [
      ["health_check_failed", "database"],
      ["health_check_recovered", "database"],
    ],
  );
});

test("bad options are coded errors", () => {
  assert.throws(() => createHealth({ timeoutMs: 0 }), { code: "SIGHTLINE_ERR_INVALID_OPTION" });
  assert.throws(
    () => createHealth({ checks: { x: 42 as never } }),
    /check "x" of createHealth\(\): expected a check function or \{ check: function \}/,
  );
});
