import assert from "node:assert/strict";
import { test } from "node:test";
import { Counter, Gauge, Histogram, Registry, acceptsOpenMetrics, registry } from "./index.ts";
import { SightlineError } from "../index.ts";

test("names and label names follow Prometheus's rules, checked at construction", () => {
  const bad: Array<[() => unknown, string]> = [
    [() => new Counter({ name: "1bad", help: "x", registers: [] }), "SIGHTLINE_ERR_INVALID_METRIC_NAME"],
    [() => new Counter({ name: "has-dash", help: "x", registers: [] }), "SIGHTLINE_ERR_INVALID_METRIC_NAME"],
    [
      () => new Counter({ name: "ok", help: "x", labelNames: ["bad-label"], registers: [] }),
      "SIGHTLINE_ERR_INVALID_LABEL_NAME",
    ],
    [
      () => new Counter({ name: "ok", help: "x", labelNames: ["__reserved"], registers: [] }),
      "SIGHTLINE_ERR_INVALID_LABEL_NAME",
    ],
    [
      () => new Counter({ name: "ok", help: "x", labelNames: ["a", "a"], registers: [] }),
      "SIGHTLINE_ERR_INVALID_LABEL_NAME",
    ],
    [
      () => new Histogram({ name: "ok", help: "x", labelNames: ["le"], registers: [] }),
      "SIGHTLINE_ERR_INVALID_LABEL_NAME",
    ],
    [() => new Counter({ name: "ok", help: "", registers: [] }), "SIGHTLINE_ERR_INVALID_METRIC_OPTION"],
    [
      () => new Histogram({ name: "ok", help: "x", buckets: [1, 1], registers: [] }),
      "SIGHTLINE_ERR_INVALID_METRIC_OPTION",
    ],
    [() => new Histogram({ name: "ok", help: "x", buckets: [], registers: [] }), "SIGHTLINE_ERR_INVALID_METRIC_OPTION"],
    [() => new Counter({ name: "ok", help: "x", maxSeries: 0, registers: [] }), "SIGHTLINE_ERR_INVALID_METRIC_OPTION"],
    [
      () => new Gauge({ name: "size_bytes", help: "x", unit: "seconds", registers: [] }),
      "SIGHTLINE_ERR_INVALID_METRIC_OPTION",
    ],
  ];
  for (const [make, code] of bad) {
    assert.throws(make, (error: unknown) => error instanceof SightlineError && error.code === code, code);
  }
});

test("registering a name again returns the first metric when the definition is the same", () => {
  const own = new Registry();
  const first = new Counter({ name: "reload_total", help: "Reloaded", labelNames: ["a"], registers: [own] });
  first.inc({ a: "x" });
  const second = new Counter({ name: "reload_total", help: "Reloaded", labelNames: ["a"], registers: [own] });
  assert.equal(second, first);
  assert.equal(second.value({ a: "x" }), 1);
  assert.throws(() => new Counter({ name: "reload_total", help: "Other help", labelNames: ["a"], registers: [own] }), {
    code: "SIGHTLINE_ERR_DUPLICATE_METRIC",
  });
  assert.throws(() => new Gauge({ name: "reload_total", help: "Reloaded", registers: [own] }), {
    code: "SIGHTLINE_ERR_DUPLICATE_METRIC",
  });
  new Histogram({ name: "h", help: "h", buckets: [1], registers: [own] });
  assert.throws(() => new Histogram({ name: "h", help: "h", buckets: [2], registers: [own] }), {
    code: "SIGHTLINE_ERR_DUPLICATE_METRIC",
  });
});

test("metrics join the default registry unless `registers` says otherwise", () => {
  const joined = new Counter({ name: "default_joined_total", help: "x" });
  assert.equal(registry.get("default_joined_total"), joined);
  const own = new Registry();
  new Counter({ name: "own_only_total", help: "x", registers: [own] });
  assert.equal(registry.get("own_only_total"), undefined);
  assert.ok(own.get("own_only_total"));
  registry.remove("default_joined_total");
});

test("Accept negotiation prefers OpenMetrics as Prometheus asks for it", () => {
  const prometheus =
    "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";
  assert.equal(acceptsOpenMetrics(prometheus), true);
  assert.equal(acceptsOpenMetrics("text/plain;version=0.0.4"), false);
  assert.equal(acceptsOpenMetrics("application/openmetrics-text;q=0"), false);
  assert.equal(acceptsOpenMetrics(undefined), false);
});

test("no two metrics may print the same family or sample name (promtool rejects such output)", () => {
  const own = new Registry();
  const counter = new Counter({ name: "app_x", help: "x", registers: [own] });
  // the same counter under its _total name is the same metric, not a second one
  assert.equal(new Counter({ name: "app_x_total", help: "x", registers: [own] }), counter);
  new Histogram({ name: "app_y", help: "y", registers: [own] });
  assert.throws(() => new Gauge({ name: "app_y_count", help: "y", registers: [own] }), /app_y_count/);
  new Counter({ name: "app_z_total", help: "z", registers: [own] });
  assert.throws(() => new Gauge({ name: "app_z", help: "z", registers: [own] }), {
    code: "SIGHTLINE_ERR_DUPLICATE_METRIC",
  });
  own.remove("app_y_count");
  own.remove("app_y");
  new Gauge({ name: "app_y_count", help: "y", registers: [own] });
});
