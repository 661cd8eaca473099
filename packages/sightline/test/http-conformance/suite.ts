// The behaviour every adapter must show, checked identically for each (Hono's runtime-tests
// pattern): real servers on 127.0.0.1, real requests, captured log lines, scraped metrics.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { createHealth } from "../../src/health/index.ts";
import { Registry } from "../../src/metrics/index.ts";
import {
  captureLogs,
  resetForTests,
  scrapeMetrics,
  type CapturedLogs,
  type LogRecord,
} from "../../src/testing/index.ts";
import type { AdapterFixture, RunningServer } from "./fixture.ts";

const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
const TRACEPARENT = `00-${TRACE_ID}-00f067aa0ba902b7-01`;

export function conformance(fixture: AdapterFixture): void {
  describe(`HTTP conformance: ${fixture.name}`, () => {
    let server: RunningServer;
    let logs: CapturedLogs;
    let registry: Registry;
    let skip: string | undefined;

    before(async () => {
      skip = await fixture.missing?.();
      if (skip !== undefined) return;
      logs = captureLogs({ level: "debug" });
      registry = new Registry();
      const health = createHealth({ registry, checks: { dependency: () => undefined } });
      server = await fixture.start({ metrics: { registry }, health });
    });
    after(async () => {
      if (skip === undefined) await server.close();
      resetForTests();
    });

    async function request(path: string, init: RequestInit = {}): Promise<{ response: Response; lines: LogRecord[] }> {
      const requestId = `t-${Math.random().toString(36).slice(2)}`;
      const headers = new Headers(init.headers);
      if (!headers.has("x-request-id")) headers.set("x-request-id", requestId);
      const response = await fetch(server.url + path, { ...init, headers });
      await response.arrayBuffer();
      await settle();
      const id = response.headers.get("x-request-id");
      return { response, lines: logs.records.filter((line) => line.request_id === id) };
    }

    /** Access lines are written when the response closes: give them a moment to land. */
    async function settle(): Promise<void> {
      await new Promise((resolve) => setTimeout(resolve, 20));
      await logs.flush();
    }

    function completed(lines: LogRecord[]): LogRecord {
      const line = lines.find((candidate) => candidate.event === "request_completed");
      assert.ok(line, `no request_completed line in ${JSON.stringify(lines)}`);
      return line;
    }

    async function count(labels: Record<string, string>): Promise<number> {
      const samples = await scrapeMetrics(registry);
      return samples
        .filter((s) => s.name === "http_server_requests_total")
        .filter((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))
        .reduce((sum, s) => sum + s.value, 0);
    }

    test("a safe incoming request id is used and echoed", async (t) => {
      if (skip) return t.skip(skip);
      const { response, lines } = await request("/assessments/7", { headers: { "x-request-id": "abc-123.x:y_z" } });
      assert.equal(response.headers.get("x-request-id"), "abc-123.x:y_z");
      assert.equal(completed(lines).request_id, "abc-123.x:y_z");
    });

    test("an unsafe request id is replaced by a generated one and never logged", async (t) => {
      if (skip) return t.skip(skip);
      const evil = 'x"\\u001b[31m<script>'.padEnd(40, "A");
      const { response } = await request("/assessments/7", { headers: { "x-request-id": evil } });
      const echoed = response.headers.get("x-request-id") ?? "";
      assert.match(echoed, /^[0-9a-f-]{36}$/);
      assert.ok(!logs.text().includes("<script>"));
      const tooLong = await request("/assessments/7", { headers: { "x-request-id": "a".repeat(129) } });
      assert.match(tooLong.response.headers.get("x-request-id") ?? "", /^[0-9a-f-]{36}$/);
    });

    test("a valid traceparent puts trace_id into the context; malformed and all-zero ones are ignored", async (t) => {
      if (skip) return t.skip(skip);
      const valid = await request("/assessments/1", { headers: { traceparent: TRACEPARENT } });
      assert.equal(completed(valid.lines).trace_id, TRACE_ID);
      assert.equal(valid.lines.find((l) => l.event === "handler_log")?.trace_id, TRACE_ID);
      for (const bad of [
        `00-${"0".repeat(32)}-00f067aa0ba902b7-01`,
        "00-xyz-00f067aa0ba902b7-01",
        TRACEPARENT.toUpperCase(),
      ]) {
        const { lines } = await request("/assessments/1", { headers: { traceparent: bad } });
        assert.equal("trace_id" in completed(lines), false, bad);
      }
    });

    test("context (request_id, method, route, path) is on lines written inside the handler, after an await", async (t) => {
      if (skip) return t.skip(skip);
      const { lines } = await request("/assessments/42?token=s3cret&page=2");
      const inside = lines.find((line) => line.event === "handler_log");
      assert.ok(inside, JSON.stringify(lines));
      assert.equal(inside.method, "GET");
      assert.equal(inside.route, "/assessments/:id");
      assert.equal(inside.path, "/assessments/42?token=[REDACTED]&page=2");
      assert.ok(!logs.text().includes("s3cret"));
    });

    test("one access line per request with status, duration, route and method; levels by status", async (t) => {
      if (skip) return t.skip(skip);
      const ok = completed((await request("/assessments/9")).lines);
      assert.equal(ok.level, "info");
      assert.equal(ok.status, 200);
      assert.equal(ok.route, "/assessments/:id");
      assert.equal(ok.method, "GET");
      assert.equal(typeof ok.duration_ms, "number");
      assert.equal(completed((await request("/bad-request")).lines).level, "warning");
      assert.equal(completed((await request("/unavailable")).lines).level, "error");
    });

    test("route templates label metrics; unknown paths share one label; unknown methods are _OTHER", async (t) => {
      if (skip) return t.skip(skip);
      await request("/assessments/a");
      await request("/assessments/b");
      assert.ok((await count({ route: "/assessments/:id", method: "GET", status: "200" })) >= 2);
      const { response } = await request("/no/such/path");
      assert.equal(response.status, 404);
      assert.ok((await count({ route: "unmatched", status: "404" })) >= 1);
      await request("/assessments/c", { method: "PURGE" });
      assert.ok((await count({ method: "_OTHER" })) >= 1);
    });

    test("thrown and rejected handler errors are logged with context and counted as 500", async (t) => {
      if (skip) return t.skip(skip);
      for (const path of ["/fail-sync", "/fail-async"]) {
        const before = await count({ route: path, status: "500" });
        const { response, lines } = await request(path);
        assert.equal(response.status, 500, path);
        const failed = lines.find((line) => line.event === "request_failed");
        assert.ok(failed, `${path}: ${JSON.stringify(lines)}`);
        assert.match(String(failed.error_message), /boom/);
        assert.equal(failed.route, path);
        assert.equal(completed(lines).status, 500);
        assert.equal(await count({ route: path, status: "500" }), before + 1);
      }
    });

    test("concurrent requests never mix their context", async (t) => {
      if (skip) return t.skip(skip);
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => request(`/assessments/c${i}`)));
      for (const { lines } of results) {
        const inside = lines.find((line) => line.event === "handler_log");
        assert.ok(inside);
        assert.equal(inside.path, `/assessments/${inside.id}`);
      }
    });

    test("10,000 requests to random unknown paths add at most 3 series", async (t) => {
      if (skip) return t.skip(skip);
      const seriesBefore = (await scrapeMetrics(registry)).filter(
        (s) => s.name === "http_server_requests_total",
      ).length;
      for (let batch = 0; batch < 100; batch++) {
        await Promise.all(
          Array.from({ length: 100 }, () =>
            fetch(`${server.url}/random/${Math.random().toString(36).slice(2)}`).then((r) => r.arrayBuffer()),
          ),
        );
      }
      const seriesAfter = (await scrapeMetrics(registry)).filter((s) => s.name === "http_server_requests_total").length;
      assert.ok(seriesAfter - seriesBefore <= 3, `${seriesAfter - seriesBefore} new series`);
    });

    test("the health probes are served on the same server and not logged", async (t) => {
      if (skip) return t.skip(skip);
      for (const path of ["/health", "/livez", "/health/ready", "/readyz"]) {
        const response = await fetch(server.url + path);
        assert.equal(response.status, 200, path);
        assert.equal(((await response.json()) as { status: string }).status, "ok", path);
      }
      const startup = await fetch(`${server.url}/health/startup`);
      assert.equal(startup.status, 503);
      const draft = await fetch(`${server.url}/health/ready`, { headers: { accept: "application/health+json" } });
      assert.equal(draft.headers.get("content-type"), "application/health+json; charset=utf-8");
      await settle();
      assert.ok(!logs.records.some((line) => String(line.path).startsWith("/health")));
    });

    test("GET /metrics serves the registry and is not itself logged or counted", async (t) => {
      if (skip) return t.skip(skip);
      const response = await fetch(`${server.url}/metrics`, { headers: { accept: "application/openmetrics-text" } });
      assert.equal(response.status, 200);
      assert.match(await response.text(), /http_server_requests_total/);
      await settle();
      assert.ok(!logs.records.some((line) => line.path === "/metrics"));
    });
  });
}
