// node:cluster aggregation with real workers: this test process is the primary (node --test
// runs each test file in a process of its own) and forks test/fixtures/cluster-worker.ts.

import assert from "node:assert/strict";
import cluster, { type Worker } from "node:cluster";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, test } from "node:test";
import { clusterMetrics, type ClusterMetrics } from "../src/metrics/cluster.ts";
import { Counter, Gauge, Histogram, Registry } from "../src/metrics/index.ts";
import { snapshotRegistries } from "../src/metrics/internal/cluster-snapshot.ts";
import { captureLogs, resetForTests, scrapeMetrics, type Sample } from "../src/testing/index.ts";
import { fixturePath } from "./helpers/child-process.ts";

/** Safety net only: a worker that never starts fails the test instead of hanging it. */
const SAFETY_MS = 30_000;
const OPENMETRICS = "application/openmetrics-text; version=1.0.0";

cluster.setupPrimary({
  exec: fixturePath("cluster-worker.ts"),
  execArgv: ["--conditions=sightline:source"],
});

const workers: Worker[] = [];

after(async () => {
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          if (worker.isDead()) return resolve();
          worker.once("exit", () => resolve());
          worker.process.kill("SIGKILL");
        }),
    ),
  );
});

/** Forks the fixture and resolves once it is set up. */
function fork(env: Record<string, string>): Promise<Worker> {
  // the workers are programs, not test files
  const worker = cluster.fork({ ...env, NODE_TEST_CONTEXT: undefined });
  workers.push(worker);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("worker not ready (safety timeout)")), SAFETY_MS);
    worker.on("message", function onFixtureMessage(message: { type?: string }) {
      if (message?.type !== "fixture:ready") return;
      clearTimeout(timer);
      resolve(worker);
    });
    worker.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`worker exited before it was ready (${code ?? signal})`));
    });
  });
}

/** The parsed samples of a cluster scrape (scrapeMetrics reads anything with expose()). */
function scrape(metrics: ClusterMetrics, accept = OPENMETRICS): Promise<Sample[]> {
  const source = new (class extends Registry {
    override expose(header?: string) {
      return metrics.expose(header);
    }
  })();
  return scrapeMetrics(source, accept);
}

function values(samples: readonly Sample[], name: string): Array<[Record<string, string>, number]> {
  return samples.filter((s) => s.name === name).map((s) => [s.labels, s.value]);
}

function value(samples: readonly Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const wanted = JSON.stringify(Object.entries(labels).sort());
  return samples.find((s) => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === wanted)?.value;
}

test("without workers the merge renders exactly what Registry.expose renders, in both formats", async () => {
  const logs = captureLogs();
  const registry = new Registry();
  const jobs = new Counter({
    name: "jobs",
    help: 'Jobs "done"\nand \\ more',
    labelNames: ["queue"],
    registers: [registry],
  });
  const depth = new Gauge({ name: "depth", help: "Depth", labelNames: ["pool"], registers: [registry] });
  const duration = new Histogram({
    name: "op_duration_seconds",
    help: "Op",
    unit: "seconds",
    labelNames: ["op"],
    buckets: [0.1, 1],
    maxSeries: 1,
    registers: [registry],
  });
  jobs.inc({ queue: 'we"ird\\que\nue' }, 2);
  depth.set({ pool: "a" }, -3.5);
  depth.set({ pool: "b" }, NaN);
  depth.set({ pool: "c" }, -Infinity);
  duration.observe({ op: "a" }, 0.5);
  duration.observe({ op: "b" }, Infinity); // over maxSeries: the overflow series
  new Counter({ name: "idle_total", help: "Idle", registers: [registry] });
  const metrics = clusterMetrics({ registry, aggregate: { depth: "first" } });
  for (const accept of [undefined, "text/plain", OPENMETRICS]) {
    assert.deepEqual(await metrics.expose(accept), await registry.expose(accept), String(accept));
  }
  await logs.flush();
  resetForTests();
});

test("a collect callback that never settles delays the snapshot by the collect budget only", async () => {
  const logs = captureLogs();
  const registry = new Registry();
  new Gauge({ name: "stuck", help: "Never collected", registers: [registry], collect: () => new Promise(() => {}) });
  new Counter({ name: "fine_total", help: "Fine", registers: [registry] }).inc(3);
  const snapshot = await snapshotRegistries([registry], 20);
  assert.deepEqual(
    snapshot.map((m) => [m.name, m.values]),
    [
      ["stuck", [0]],
      ["fine_total", [3]],
    ],
  );
  await logs.flush();
  assert.deepEqual(
    logs.records.map((r) => [r.event, r.metrics]),
    [["metric_collect_timeout", ["stuck"]]],
  );
  resetForTests();
});

test("3 workers and the primary: counters and histograms summed, gauges per worker, overrides, timeouts", async () => {
  const logs = captureLogs();
  const registry = new Registry();
  // named without _total here, with it in the workers: still one metric
  new Counter({ name: "jobs", help: "Jobs done", labelNames: ["queue"], registers: [registry] }).inc(
    { queue: "primary" },
    100,
  );
  new Gauge({ name: "queue_depth", help: "Queued jobs", registers: [registry] }).set(7);
  const ids = (
    await Promise.all([1, 2, 3].map((amount) => fork({ FIXTURE_MODE: "serve", FIXTURE_AMOUNT: String(amount) })))
  ).map((worker) => String(worker.id));

  // generous timeout: every worker answers, and the round ends as soon as the last one has
  const byDefault = clusterMetrics({ registry, timeoutMs: 10_000 });
  let samples = await scrape(byDefault);
  assert.deepEqual(values(samples, "jobs_total"), [
    [{ queue: "primary" }, 100],
    [{ queue: "a" }, 1 + 2 + 3],
  ]);
  assert.deepEqual(values(samples, "job_duration_seconds_bucket"), [
    [{ le: "0.1" }, 3],
    [{ le: "1" }, 4],
    [{ le: "+Inf" }, 6],
  ]);
  assert.equal(value(samples, "job_duration_seconds_count"), 6);
  assert.ok(Math.abs((value(samples, "job_duration_seconds_sum") ?? 0) - 6.15) < 1e-9);
  assert.deepEqual(values(samples, "queue_depth"), [
    [{ worker: "primary" }, 7],
    [{ worker: ids[0] }, 10],
    [{ worker: ids[1] }, 20],
    [{ worker: ids[2] }, 30],
  ]);
  // collect callbacks run in the workers before they answer
  assert.deepEqual(
    values(samples, "collected_value").map(([, v]) => v),
    [100, 200, 300],
  );
  assert.equal(value(samples, "sightline_cluster_workers_timed_out_total"), 0);

  const overridden = clusterMetrics({
    registry,
    timeoutMs: 10_000,
    aggregate: { queue_depth: "sum", jobs_total: "max", pool_size: "avg", job_duration_seconds: "perWorker" },
  });
  samples = await scrape(overridden);
  assert.deepEqual(values(samples, "queue_depth"), [[{}, 7 + 10 + 20 + 30]]);
  assert.equal(value(samples, "jobs_total", { queue: "a" }), 3);
  assert.deepEqual(values(samples, "pool_size"), [[{}, 2]]);
  assert.deepEqual(
    values(samples, "job_duration_seconds_count"),
    ids.map((id) => [{ worker: id }, 2]),
  );

  // the handler negotiates like metricsHandler
  const server = http.createServer(byDefault.handler());
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    const plain = await fetch(url);
    assert.equal(plain.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
    assert.match(await plain.text(), /^jobs_total\{queue="a"\} 6$/m);
    const open = await fetch(url, { headers: { accept: OPENMETRICS } });
    assert.equal(open.headers.get("content-type"), "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assert.match(
      await open.text(),
      /^# TYPE jobs counter\n[\s\S]*# UNIT job_duration_seconds seconds\n[\s\S]*# EOF\n$/m,
    );
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }

  // a worker that never answers in time: left out, counted, and its late answers ignored
  const late = await fork({ FIXTURE_MODE: "late" });
  const withLate = clusterMetrics({ registry, timeoutMs: 1500 });
  samples = await scrape(withLate);
  assert.equal(value(samples, "sightline_cluster_workers_timed_out_total"), 1);
  assert.equal(value(samples, "jobs_total", { queue: "a" }), 6);
  assert.deepEqual(
    values(samples, "queue_depth").map(([labels]) => labels.worker),
    ["primary", ...ids],
  );

  const staleSent = new Promise<string>((resolve) => {
    late.on("message", function onLateAnswer(message: { type?: string; id: string }) {
      if (message?.type === "fixture:late-answer-sent") resolve(message.id);
    });
  });
  const second = scrape(withLate);
  await staleSent; // the answer to the first scrape reached the primary during the second
  samples = await second;
  assert.equal(value(samples, "jobs_total", { queue: "a" }), 6, "the late answer is ignored");
  assert.equal(value(samples, "sightline_cluster_workers_timed_out_total"), 2);

  await logs.flush();
  assert.deepEqual(
    logs.records.filter((r) => r.event === "cluster_worker_timed_out").map((r) => r.worker_id),
    [late.id],
    "one warning per worker",
  );
  resetForTests();
});
