import assert from "node:assert/strict";
import { test } from "node:test";
import { Counter, Gauge, Histogram, Registry } from "./index.ts";
import { captureLogs, resetForTests, scrapeMetrics } from "../testing/index.ts";

function fixture() {
  const registry = new Registry();
  const counter = new Counter({
    name: "jobs_total",
    help: 'Jobs "done"\nand \\ more',
    labelNames: ["queue"],
    registers: [registry],
  });
  const gauge = new Gauge({ name: "queue_depth", help: "Depth", registers: [registry] });
  const histogram = new Histogram({
    name: "job_duration_seconds",
    help: "Duration",
    unit: "seconds",
    labelNames: ["queue"],
    buckets: [0.1, 1],
    registers: [registry],
  });
  counter.inc({ queue: 'we"ird\\que\nue' }, 2, { trace_id: "4bf92f3577b34da6a3ce929d0e0e4736" });
  gauge.set(-3.5);
  histogram.observe({ queue: "a" }, 0.05);
  histogram.observe({ queue: "a" }, 0.5, { trace_id: "abc", span_id: "def" });
  histogram.observe({ queue: "a" }, 5);
  return registry;
}

test("Prometheus text 0.0.4: content type, HELP/TYPE, escaping, cumulative buckets, no exemplars", async () => {
  const { contentType, body } = await fixture().expose("text/plain");
  assert.equal(contentType, "text/plain; version=0.0.4; charset=utf-8");
  assert.equal(
    body,
    [
      '# HELP jobs_total Jobs "done"\\nand \\\\ more',
      "# TYPE jobs_total counter",
      'jobs_total{queue="we\\"ird\\\\que\\nue"} 2',
      "# HELP queue_depth Depth",
      "# TYPE queue_depth gauge",
      "queue_depth -3.5",
      "# HELP job_duration_seconds Duration",
      "# TYPE job_duration_seconds histogram",
      'job_duration_seconds_bucket{queue="a",le="0.1"} 1',
      'job_duration_seconds_bucket{queue="a",le="1"} 2',
      'job_duration_seconds_bucket{queue="a",le="+Inf"} 3',
      'job_duration_seconds_sum{queue="a"} 5.55',
      'job_duration_seconds_count{queue="a"} 3',
      "",
    ].join("\n"),
  );
});

test("OpenMetrics 1.0: family names without _total, UNIT, exemplars, # EOF", async () => {
  const { contentType, body } = await fixture().expose("application/openmetrics-text; version=1.0.0");
  assert.equal(contentType, "application/openmetrics-text; version=1.0.0; charset=utf-8");
  const lines = body.split("\n");
  assert.ok(lines.includes('# HELP jobs Jobs \\"done\\"\\nand \\\\ more'));
  assert.ok(lines.includes("# TYPE jobs counter"));
  assert.ok(lines.includes("# UNIT job_duration_seconds seconds"));
  assert.match(
    body,
    /^jobs_total\{queue="we\\"ird\\\\que\\nue"\} 2 # \{trace_id="4bf92f3577b34da6a3ce929d0e0e4736"\} 2 \d+\.\d{3}$/m,
  );
  assert.match(
    body,
    /^job_duration_seconds_bucket\{queue="a",le="1"\} 2 # \{trace_id="abc",span_id="def"\} 0\.5 \d+\.\d{3}$/m,
  );
  assert.equal(body.endsWith("# EOF\n"), true);
});

test("metrics without labels show zero before their first update", async () => {
  const registry = new Registry();
  new Counter({ name: "idle_total", help: "Idle", registers: [registry] });
  new Histogram({ name: "idle_seconds", help: "Idle", buckets: [1], registers: [registry] });
  const samples = await scrapeMetrics(registry);
  assert.deepEqual(
    samples.map((s) => [s.name, s.labels.le ?? "", s.value]),
    [
      ["idle_total", "", 0],
      ["idle_seconds_bucket", "1", 0],
      ["idle_seconds_bucket", "+Inf", 0],
      ["idle_seconds_sum", "", 0],
      ["idle_seconds_count", "", 0],
    ],
  );
});

test("gauges: set, inc, dec, timers and an async collect callback that may fail without breaking exposition", async () => {
  const logs = captureLogs();
  const registry = new Registry();
  const gauge = new Gauge({ name: "in_use", help: "In use", labelNames: ["pool"], registers: [registry] });
  gauge.set({ pool: "a" }, 5);
  gauge.inc({ pool: "a" });
  gauge.dec({ pool: "a" }, 3);
  gauge.labels({ pool: "b" }).inc(2);
  assert.equal(gauge.value({ pool: "a" }), 3);
  let connections = 7;
  new Gauge({
    name: "db_active_connections",
    help: "Active",
    registers: [registry],
    async collect() {
      this.set(connections);
    },
  });
  new Gauge({
    name: "broken",
    help: "Broken",
    registers: [registry],
    collect() {
      throw new Error("collector failed");
    },
  });
  let samples = await scrapeMetrics(registry);
  assert.equal(samples.find((s) => s.name === "db_active_connections")?.value, 7);
  connections = 9;
  samples = await scrapeMetrics(registry);
  assert.equal(samples.find((s) => s.name === "db_active_connections")?.value, 9);
  assert.equal(samples.find((s) => s.name === "broken")?.value, 0);
  await logs.flush();
  assert.deepEqual(
    logs.records.map((r) => [r.event, r.metric, r.error_message]),
    [["metric_collect_failed", "broken", "collector failed"]],
  );
  resetForTests();
});

test("histogram timers observe elapsed seconds, with labels given at start or end", () => {
  const histogram = new Histogram({
    name: "op_seconds",
    help: "Op",
    labelNames: ["op", "status"],
    registers: [],
  });
  const end = histogram.startTimer({ op: "save" });
  const seconds = end({ status: "ok" });
  assert.ok(seconds >= 0);
  assert.deepEqual(histogram.value({ op: "save", status: "ok" }), { count: 1, sum: seconds });
  histogram.labels({ op: "load", status: "ok" }).startTimer()();
  assert.equal(histogram.value({ op: "load", status: "ok" }).count, 1);
});

test("an exemplar over OpenMetrics' 128 characters is not kept, and that is reported once", async () => {
  const logs = captureLogs();
  const registry = new Registry();
  const counter = new Counter({ name: "ex_total", help: "Ex", registers: [registry] });
  counter.inc(1, { trace_id: "short" });
  counter.inc(1, { trace_id: "x".repeat(200) });
  counter.inc(1, { trace_id: "y".repeat(200) });
  const [sample] = await scrapeMetrics(registry);
  assert.deepEqual(sample?.exemplar, { trace_id: "short" });
  await logs.flush();
  assert.deepEqual(
    logs.records.map((r) => r.event),
    ["metric_value_invalid"],
  );
  resetForTests();
});

test("a collect callback that never settles does not stop the scrape: it is reported and skipped", async () => {
  const logs = captureLogs();
  const registry = new Registry({ collectTimeoutMs: 20 });
  new Gauge({ name: "stuck", help: "Stuck", registers: [registry], collect: () => new Promise<void>(() => {}) });
  new Gauge({ name: "fine", help: "Fine", registers: [registry] }).set(1);
  const samples = await scrapeMetrics(registry);
  assert.equal(samples.find((s) => s.name === "fine")?.value, 1);
  await logs.flush();
  assert.deepEqual(
    logs.records.map((r) => [r.event, r.metrics]),
    [["metric_collect_timeout", ["stuck"]]],
  );
  resetForTests();
});
