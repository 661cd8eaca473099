import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer } from "node:net";
import { constants } from "node:perf_hooks";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { promisify } from "node:util";
import { Counter, Histogram, Registry } from "./index.ts";
import { collectRuntimeMetrics, recordGcEntries } from "./runtime.ts";
import { SightlineError } from "../internal/errors.ts";
import { scrapeMetrics, type Sample } from "../testing/index.ts";

const LINUX = process.platform === "linux";

const EXPECTED_TYPES: Record<string, string> = {
  process_cpu_user_seconds_total: "counter",
  process_cpu_system_seconds_total: "counter",
  process_cpu_seconds_total: "counter",
  process_start_time_seconds: "gauge",
  process_resident_memory_bytes: "gauge",
  ...(LINUX && {
    process_virtual_memory_bytes: "gauge",
    process_heap_bytes: "gauge",
    process_open_fds: "gauge",
    process_max_fds: "gauge",
  }),
  nodejs_eventloop_lag_seconds: "gauge",
  nodejs_eventloop_lag_min_seconds: "gauge",
  nodejs_eventloop_lag_max_seconds: "gauge",
  nodejs_eventloop_lag_mean_seconds: "gauge",
  nodejs_eventloop_lag_stddev_seconds: "gauge",
  nodejs_eventloop_lag_p50_seconds: "gauge",
  nodejs_eventloop_lag_p90_seconds: "gauge",
  nodejs_eventloop_lag_p99_seconds: "gauge",
  nodejs_eventloop_utilization_ratio: "gauge",
  nodejs_active_handles_total: "gauge",
  nodejs_active_requests_total: "gauge",
  nodejs_active_resources_total: "gauge",
  nodejs_active_resources: "gauge",
  nodejs_heap_size_total_bytes: "gauge",
  nodejs_heap_size_used_bytes: "gauge",
  nodejs_external_memory_bytes: "gauge",
  nodejs_heap_space_size_total_bytes: "gauge",
  nodejs_heap_space_size_used_bytes: "gauge",
  nodejs_heap_space_size_available_bytes: "gauge",
  nodejs_version_info: "gauge",
  nodejs_gc_duration_seconds: "histogram",
};

/** `# TYPE` lines of the Prometheus text exposition: name → type. */
async function types(registry: Registry): Promise<Map<string, string>> {
  const { body } = await registry.expose("text/plain");
  const found = new Map<string, string>();
  for (const match of body.matchAll(/^# TYPE (\S+) (\S+)$/gm)) found.set(match[1] as string, match[2] as string);
  return found;
}

function value(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const sample = samples.find(
    (s) => s.name === name && Object.entries(labels).every(([key, wanted]) => s.labels[key] === wanted),
  );
  assert.ok(sample, `${name} ${JSON.stringify(labels)} is exposed`);
  return sample.value;
}

function busy(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end);
}

function isCode(code: string) {
  return (error: unknown) => error instanceof SightlineError && error.code === code;
}

test("registers every runtime metric under prom-client's name, with its type", async () => {
  const registry = new Registry();
  const stop = collectRuntimeMetrics({ registry });
  try {
    assert.deepEqual(Object.fromEntries(await types(registry)), EXPECTED_TYPES);
  } finally {
    stop();
  }
});

test("values are plausible", async () => {
  const registry = new Registry();
  const stop = collectRuntimeMetrics({ registry });
  try {
    const samples = await scrapeMetrics(registry);
    assert.ok(value(samples, "process_resident_memory_bytes") > 0);
    const used = value(samples, "nodejs_heap_size_used_bytes");
    assert.ok(used > 0 && used <= value(samples, "nodejs_heap_size_total_bytes"));
    assert.ok(value(samples, "nodejs_external_memory_bytes") >= 0);
    assert.ok(value(samples, "nodejs_heap_space_size_used_bytes", { space: "old" }) > 0);
    assert.ok(value(samples, "nodejs_heap_space_size_total_bytes", { space: "new" }) > 0);
    assert.ok(value(samples, "nodejs_heap_space_size_available_bytes", { space: "new" }) >= 0);

    const started = Date.now() / 1000 - process.uptime();
    assert.ok(Math.abs(value(samples, "process_start_time_seconds") - started) < 1);

    const user = value(samples, "process_cpu_user_seconds_total");
    const system = value(samples, "process_cpu_system_seconds_total");
    assert.ok(user > 0, "CPU counts since the process started, not since the call");
    assert.ok(Math.abs(value(samples, "process_cpu_seconds_total") - (user + system)) < 1e-9);

    const [major, minor, patch] = process.versions.node.split(".");
    const version = samples.filter((s) => s.name === "nodejs_version_info");
    assert.deepEqual(
      version.map((s) => [s.labels, s.value]),
      [[{ version: `v${process.versions.node}`, major, minor, patch }, 1]],
    );

    const utilization = value(samples, "nodejs_eventloop_utilization_ratio");
    assert.ok(utilization >= 0 && utilization <= 1);
    assert.ok(value(samples, "nodejs_eventloop_lag_seconds") > 0);

    if (LINUX) {
      const open = value(samples, "process_open_fds");
      assert.ok(open > 0 && open <= value(samples, "process_max_fds"));
      assert.ok(value(samples, "process_virtual_memory_bytes") >= value(samples, "process_resident_memory_bytes"));
      assert.ok(value(samples, "process_heap_bytes") > 0);
    }
  } finally {
    stop();
  }
});

test("CPU, event loop delay and utilization change after the loop is kept busy", async () => {
  const registry = new Registry();
  const stop = collectRuntimeMetrics({ registry, eventLoopResolutionMs: 5 });
  try {
    const before = await scrapeMetrics(registry);
    // the monitor records nothing for the interval in which it was reset: let it tick first
    await sleep(30);
    busy(60);
    await sleep(20);
    const after = await scrapeMetrics(registry);

    for (const name of ["process_cpu_user_seconds_total", "process_cpu_seconds_total"]) {
      assert.ok(value(after, name) > value(before, name), name);
    }
    const max = value(after, "nodejs_eventloop_lag_max_seconds");
    assert.notEqual(max, value(before, "nodejs_eventloop_lag_max_seconds"));
    for (const stat of ["min", "mean", "p50", "p90", "p99"]) {
      const seconds = value(after, `nodejs_eventloop_lag_${stat}_seconds`);
      assert.ok(seconds > 0 && seconds <= max, stat);
    }
    assert.ok(value(after, "nodejs_eventloop_lag_stddev_seconds") > 0);
    assert.ok(value(after, "nodejs_eventloop_utilization_ratio") > 0);
  } finally {
    stop();
  }
});

test("active handles, requests and resources by type follow what keeps the loop alive", async () => {
  const registry = new Registry();
  const stop = collectRuntimeMetrics({ registry });
  const server = createServer();
  const timer = setTimeout(() => {}, 60_000);
  try {
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const reading = readFile(new URL(import.meta.url)); // in flight during the scrape
    const samples = await scrapeMetrics(registry);
    await reading;

    assert.equal(value(samples, "nodejs_active_resources", { type: "TCPServerWrap" }), 1);
    assert.ok(value(samples, "nodejs_active_resources", { type: "Timeout" }) >= 1);
    assert.ok(value(samples, "nodejs_active_requests_total") >= 1);
    assert.ok(value(samples, "nodejs_active_handles_total") >= 1);
    const byType = samples.filter((s) => s.name === "nodejs_active_resources");
    assert.equal(
      byType.reduce((sum, s) => sum + s.value, 0),
      value(samples, "nodejs_active_resources_total"),
    );
    const timers = byType.filter((s) => ["Timeout", "Immediate"].includes(s.labels.type as string));
    assert.equal(
      value(samples, "nodejs_active_handles_total") +
        value(samples, "nodejs_active_requests_total") +
        timers.reduce((sum, s) => sum + s.value, 0),
      value(samples, "nodejs_active_resources_total"),
      "timers are neither handles nor requests",
    );

    await new Promise((resolve) => server.close(resolve));
    await sleep(5); // the handle leaves libuv's list in the close phase, after 'close' is emitted
    const closed = await scrapeMetrics(registry);
    assert.ok(!closed.some((s) => s.labels.type === "TCPServerWrap"), "types no longer active disappear");
  } finally {
    clearTimeout(timer);
    server.close();
    stop();
  }
});

test("every GC entry of an observer batch is recorded, by kind", () => {
  const histogram = new Histogram({
    name: "gc_seconds",
    help: "x",
    labelNames: ["kind"],
    buckets: [0.001, 0.01],
    registers: [],
  });
  const entry = (duration: number, kind: number) => ({ duration, detail: { kind } });
  recordGcEntries(histogram, [
    entry(2, constants.NODE_PERFORMANCE_GC_MAJOR),
    entry(3, constants.NODE_PERFORMANCE_GC_MAJOR),
    entry(0.5, constants.NODE_PERFORMANCE_GC_MINOR),
    entry(0.25, 2), // kGCTypeMinorMarkSweep: Node.js 24 names it, Node.js 22 does not
    entry(1, constants.NODE_PERFORMANCE_GC_INCREMENTAL),
    entry(1, constants.NODE_PERFORMANCE_GC_WEAKCB),
    { duration: 4, detail: { kind: 1 << 10 } },
    { duration: 4 },
  ]);
  assert.deepEqual(histogram.value({ kind: "major" }), { count: 2, sum: 0.005 });
  assert.deepEqual(histogram.value({ kind: "minor" }), { count: 2, sum: 0.00075 });
  assert.equal(histogram.value({ kind: "incremental" }).count, 1);
  assert.equal(histogram.value({ kind: "weakcb" }).count, 1);
  assert.equal(histogram.value({ kind: "unknown" }).count, 2);
});

// A child with --expose-gc: several synchronous gc() calls reach the observer as one batch.
const GC_CHILD = `
import { PerformanceObserver } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { collectRuntimeMetrics } from ${JSON.stringify(new URL("./runtime.ts", import.meta.url).href)};
import { Registry } from ${JSON.stringify(new URL("./registry.ts", import.meta.url).href)};

const registry = new Registry();
const batches = [];
const witness = new PerformanceObserver((list) => batches.push(list.getEntries().length));
witness.observe({ entryTypes: ["gc"] });
const stopFirst = collectRuntimeMetrics({ registry });
const stopSecond = collectRuntimeMetrics({ registry }); // shares the first one's observer
const gc = registry.get("nodejs_gc_duration_seconds");
const seen = () => batches.reduce((sum, size) => sum + size, 0);
const counted = () =>
  ["major", "minor", "incremental", "weakcb", "unknown"].reduce((sum, kind) => sum + gc.value({ kind }).count, 0);
async function collect(times) {
  for (let i = 0; i < times; i++) globalThis.gc();
  await sleep(50);
}

await collect(5);
const shared = { seen: seen(), counted: counted(), largestBatch: Math.max(...batches) };
stopFirst();
await collect(2);
const afterFirstStop = { seen: seen(), counted: counted() };
stopSecond();
const registered = registry.metrics().length;
await collect(3);
witness.disconnect();
console.log(JSON.stringify({ shared, afterFirstStop, registered, afterSecondStop: counted() }));
`;

test("GC: a batch of entries is counted whole, once per collector, until the last stop", async () => {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--expose-gc", "--conditions=sightline:source", "--input-type=module", "-e", GC_CHILD],
    { timeout: 20_000 },
  );
  const result = JSON.parse(stdout) as {
    shared: { seen: number; counted: number; largestBatch: number };
    afterFirstStop: { seen: number; counted: number };
    registered: number;
    afterSecondStop: number;
  };
  assert.ok(result.shared.largestBatch > 1, `several GCs arrived in one batch: ${JSON.stringify(result)}`);
  assert.equal(result.shared.counted, result.shared.seen, "every entry once, though collectRuntimeMetrics ran twice");
  assert.equal(result.afterFirstStop.counted, result.afterFirstStop.seen, "still observing after the first stop");
  assert.equal(result.registered, 0, "the last stop unregisters");
  assert.equal(result.afterSecondStop, result.afterFirstStop.counted, "and disconnects the observer");
});

test("prefix is prepended to every name", async () => {
  const registry = new Registry();
  const stop = collectRuntimeMetrics({ registry, prefix: "grading_" });
  try {
    const names = [...(await types(registry)).keys()];
    assert.deepEqual(
      names.sort(),
      Object.keys(EXPECTED_TYPES)
        .map((name) => `grading_${name}`)
        .sort(),
    );
  } finally {
    stop();
  }
});

test("stop unregisters; stopping twice is harmless; collecting again starts afresh", async () => {
  const registry = new Registry();
  const stop = collectRuntimeMetrics({ registry });
  assert.equal((await types(registry)).size, Object.keys(EXPECTED_TYPES).length);
  stop();
  stop();
  assert.deepEqual(registry.metrics(), []);

  const again = collectRuntimeMetrics({ registry });
  assert.equal((await types(registry)).size, Object.keys(EXPECTED_TYPES).length);
  again();
  assert.deepEqual(registry.metrics(), []);
});

test("a second call shares the running metrics; they stay until every caller stopped", async () => {
  const registry = new Registry();
  const first = collectRuntimeMetrics({ registry });
  const metrics = registry.metrics();
  const second = collectRuntimeMetrics({ registry, eventLoopResolutionMs: 10 });
  assert.deepEqual(registry.metrics(), metrics);
  first();
  assert.deepEqual(registry.metrics(), metrics);
  second();
  assert.deepEqual(registry.metrics(), []);

  // another prefix is another, independent set
  const plain = collectRuntimeMetrics({ registry });
  const prefixed = collectRuntimeMetrics({ registry, prefix: "b_" });
  assert.equal(registry.metrics().length, 2 * metrics.length);
  plain();
  assert.ok(registry.metrics().every((metric) => metric.name.startsWith("b_")));
  prefixed();
});

test("after registry.clear(), calling again registers the metrics again", async () => {
  const registry = new Registry();
  const first = collectRuntimeMetrics({ registry });
  registry.clear();
  const second = collectRuntimeMetrics({ registry });
  assert.equal((await types(registry)).size, Object.keys(EXPECTED_TYPES).length);
  first();
  second();
  assert.deepEqual(registry.metrics(), []);
});

test("configuration mistakes throw SightlineError and leave the registry untouched", () => {
  const registry = new Registry();
  const invalid = isCode("SIGHTLINE_ERR_INVALID_METRIC_OPTION");
  assert.throws(() => collectRuntimeMetrics({ registry, prefix: "9lives_" }), invalid);
  assert.throws(() => collectRuntimeMetrics({ registry, prefix: "has-dash_" }), invalid);
  assert.throws(() => collectRuntimeMetrics({ registry, eventLoopResolutionMs: 0 }), invalid);
  assert.throws(() => collectRuntimeMetrics({ registry, eventLoopResolutionMs: 1.5 }), invalid);
  assert.throws(() => collectRuntimeMetrics({ registry, gcDurationBuckets: [] }), invalid);
  assert.throws(() => collectRuntimeMetrics({ registry, gcDurationBuckets: [1, 0.1] }), invalid);
  assert.throws(() => collectRuntimeMetrics(null as any), invalid);
  assert.throws(() => collectRuntimeMetrics({ registry: {} as any }), invalid);
  assert.deepEqual(registry.metrics(), [], "nothing left half-registered");

  const stop = collectRuntimeMetrics({ registry });
  assert.throws(() => collectRuntimeMetrics({ registry, gcDurationBuckets: [0.5, 5] }), invalid);
  stop();

  // a metric already under one of the names would be adopted and never refreshed: refuse it
  new Counter({ name: "process_cpu_seconds_total", help: "mine", registers: [registry] });
  assert.throws(() => collectRuntimeMetrics({ registry }), isCode("SIGHTLINE_ERR_DUPLICATE_METRIC"));
  assert.deepEqual(
    registry.metrics().map((metric) => metric.name),
    ["process_cpu_seconds_total"],
  );
});

test("the default registry is used when none is given", async () => {
  const { registry } = await import("./index.ts");
  const stop = collectRuntimeMetrics();
  try {
    assert.equal((await types(registry)).get("nodejs_heap_size_used_bytes"), "gauge");
  } finally {
    stop();
  }
  assert.equal(registry.get("nodejs_heap_size_used_bytes"), undefined);
});
