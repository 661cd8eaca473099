import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { Counter, Registry } from "./index.ts";
import { captureLogs, resetForTests, scrapeMetrics } from "../testing/index.ts";

afterEach(() => resetForTests());

test("inc adds to the series of its label set, default 1; value() reads it", () => {
  const registry = new Registry();
  const submissions = new Counter({
    name: "assessment_submissions_total",
    help: "Submissions",
    labelNames: ["skill_area", "status"],
    registers: [registry],
  });
  submissions.inc({ skill_area: "math", status: "success" });
  submissions.inc({ status: "success", skill_area: "math" }, 2);
  submissions.inc({ skill_area: "math", status: "validation_error" });
  assert.equal(submissions.value({ skill_area: "math", status: "success" }), 3);
  assert.equal(submissions.value({ skill_area: "math", status: "validation_error" }), 1);
  const plain = new Counter({ name: "jobs_total", help: "Jobs", registers: [registry] });
  plain.inc();
  plain.inc(4);
  assert.equal(plain.value(), 5);
});

test("label sets never collide, whatever the values contain (prom-client joins them with commas)", async () => {
  const registry = new Registry();
  const counter = new Counter({ name: "pairs_total", help: "Pairs", labelNames: ["a", "b"], registers: [registry] });
  counter.inc({ a: "x", b: "y" });
  counter.inc({ a: "x,b:y", b: "" });
  counter.inc({ a: 'x",b="y', b: "" });
  const samples = await scrapeMetrics(registry);
  assert.deepEqual(
    samples.map((s) => [s.labels, s.value]),
    [
      [{ a: "x", b: "y" }, 1],
      [{ a: "x,b:y", b: "" }, 1],
      [{ a: 'x",b="y', b: "" }, 1],
    ],
  );
});

test("numbers and booleans are the same series as their text", () => {
  const counter = new Counter({ name: "status_total", help: "By status", labelNames: ["code"], registers: [] });
  counter.inc({ code: 200 });
  counter.inc({ code: "200" });
  assert.equal(counter.value({ code: "200" }), 2);
});

test("a bound child skips the lookup and counts into the same series", () => {
  const counter = new Counter({ name: "bound_total", help: "Bound", labelNames: ["route"], registers: [] });
  const child = counter.labels({ route: "/a" });
  child.inc();
  child.inc(2);
  counter.inc({ route: "/a" });
  assert.equal(counter.value({ route: "/a" }), 4);
});

test("bad label sets and bad values never throw: nothing is counted and one error line says why", async () => {
  const logs = captureLogs();
  const counter = new Counter({ name: "strict_total", help: "Strict", labelNames: ["a", "b"], registers: [] });
  const untyped = counter as unknown as { inc(...args: unknown[]): void };
  untyped.inc({ a: "1" }); // missing b
  untyped.inc({ a: "1" });
  untyped.inc({ a: "1", b: "2", c: "3" }); // unknown c
  untyped.inc(); // no labels at all
  counter.inc({ a: "1", b: "2" }, -1);
  counter.inc({ a: "1", b: "2" }, Number.NaN);
  assert.equal(counter.value({ a: "1", b: "2" }), 0);
  await logs.flush();
  const problems = logs.records.map((r) => [r.event, r.problem]);
  assert.deepEqual(problems, [
    ["metric_labels_invalid", "expected labels a, b; got a"],
    ["metric_labels_invalid", "expected labels a, b; got a, b, c"],
    ["metric_labels_invalid", "expected labels a, b; got undefined"],
    ["metric_value_invalid", "counter increments must be finite and >= 0, got -1"],
    ["metric_value_invalid", "counter increments must be finite and >= 0, got NaN"],
  ]);
});

test("remove() forgets one series and reset() all of them", async () => {
  const registry = new Registry();
  const counter = new Counter({ name: "gone_total", help: "Gone", labelNames: ["k"], registers: [registry] });
  counter.inc({ k: "a" });
  counter.inc({ k: "b" });
  counter.remove({ k: "a" });
  assert.deepEqual(
    (await scrapeMetrics(registry)).map((s) => s.labels.k),
    ["b"],
  );
  counter.reset();
  assert.deepEqual(await scrapeMetrics(registry), []);
  counter.inc({ k: "a" });
  assert.equal(counter.value({ k: "a" }), 1);
});

test("beyond maxSeries, new label sets go to one overflow series, counted, with one warning", async () => {
  const logs = captureLogs();
  const registry = new Registry();
  const counter = new Counter({
    name: "paths_total",
    help: "By path",
    labelNames: ["path"],
    maxSeries: 3,
    registers: [registry],
  });
  for (let i = 0; i < 10; i++) counter.inc({ path: `/p${i}` });
  counter.inc({ path: "/p0" }); // existing series still count
  const samples = await scrapeMetrics(registry);
  const paths = samples.filter((s) => s.name === "paths_total");
  assert.deepEqual(
    paths.map((s) => [s.labels, s.value]),
    [
      [{ path: "/p0" }, 2],
      [{ path: "/p1" }, 1],
      [{ path: "/p2" }, 1],
      [{ overflow: "true" }, 7],
    ],
  );
  const overflow = samples.find((s) => s.name === "sightline_metric_series_overflow_total");
  assert.deepEqual(overflow?.labels, { metric: "paths_total" });
  assert.equal(overflow?.value, 7);
  await logs.flush();
  assert.deepEqual(
    logs.records.map((r) => [r.event, r.metric]),
    [["metric_series_overflow", "paths_total"]],
  );
});
