// The OpenTelemetry bridge against the real SDK: spans land in the SDK's in-memory exporter,
// and the ids on log lines and exemplars are compared with the spans'. Flows, log correlation,
// exemplars and key uniqueness here; HTTP server spans in tracing-http.test.ts.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, test } from "node:test";
import { fileURLToPath } from "node:url";
import { context, ROOT_CONTEXT, SpanStatusCode, trace, TraceFlags } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { DatabaseSync } from "node:sqlite";
import { instrumentSqlite } from "../src/db/index.ts";
import { flow } from "../src/flow/index.ts";
import { getLogger, withContext } from "../src/index.ts";
import { Histogram, Registry } from "../src/metrics/index.ts";
import { captureLogs, resetForTests, scrapeMetrics, type LogRecord } from "../src/testing/index.ts";
import { disableTracing, enableTracing } from "../src/tracing/index.ts";
import { installInMemoryTracing } from "./helpers/in-memory-tracing.ts";
import { NEEDS_REGISTER_HOOKS } from "./helpers/node-features.ts";
import { parseStrictJson } from "./helpers/strict-json.ts";

const { exporter, provider } = installInMemoryTracing();
afterEach(() => {
  exporter.reset();
  resetForTests();
});

const log = getLogger("app");

async function tick(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1));
}

async function finished(): Promise<ReadableSpan[]> {
  await provider.forceFlush();
  return exporter.getFinishedSpans();
}

function named(spans: ReadableSpan[], name: string): ReadableSpan {
  const found = spans.filter((span) => span.name === name);
  assert.equal(found.length, 1, `one span named ${name} in ${spans.map((s) => s.name).join(", ")}`);
  return found[0] as ReadableSpan;
}

function line(records: LogRecord[], event: string): LogRecord {
  const found = records.find((record) => record.event === event);
  assert.ok(found, `no ${event} line`);
  return found;
}

function assertIds(record: LogRecord, span: ReadableSpan): void {
  assert.equal(record.trace_id, span.spanContext().traceId, `${record.event}: trace_id`);
  assert.equal(record.span_id, span.spanContext().spanId, `${record.event}: span_id`);
  assert.equal(record.trace_flags, "01", `${record.event}: trace_flags`);
}

class ValidationError extends Error {}

test("a flow is a span and each step its child; lines inside carry the active span's ids", async () => {
  const logs = captureLogs({ level: "debug" });
  await flow("retake", { user_id: "u1", password: "hunter2", attempts: 2, nested: { a: 1 } }, async (f) => {
    await f.step("load_completed", async () => {
      await tick();
      log.info("loading");
    });
    await f.step("clear_answers", () => log.info("clearing"));
  });
  await logs.flush();
  const spans = await finished();
  assert.equal(spans.length, 3);
  const root = named(spans, "retake");
  const load = named(spans, "retake.load_completed");
  const clear = named(spans, "retake.clear_answers");
  assert.equal(root.parentSpanContext, undefined);
  for (const step of [load, clear]) {
    assert.equal(step.parentSpanContext?.spanId, root.spanContext().spanId);
    assert.equal(step.spanContext().traceId, root.spanContext().traceId);
    assert.equal(step.status.code, SpanStatusCode.UNSET);
  }
  const flowId = line(logs.records, "retake_flow_started").flow_id;
  assert.deepEqual(root.attributes, {
    user_id: "u1",
    password: "[REDACTED]",
    attempts: 2,
    "sightline.flow.name": "retake",
    "sightline.flow.id": flowId,
  });
  assert.deepEqual(load.attributes, {
    "sightline.flow.name": "retake",
    "sightline.flow.id": flowId,
    "sightline.flow.step": "load_completed",
  });
  assert.equal(root.status.code, SpanStatusCode.UNSET);
  assertIds(line(logs.records, "loading"), load);
  assertIds(line(logs.records, "clearing"), clear);
  assertIds(line(logs.records, "retake_flow_started"), root);
  assertIds(line(logs.records, "retake_flow_completed"), root);
});

test("a failed step sets status Error and error.type on the step and the flow, without events", async () => {
  const logs = captureLogs();
  await assert.rejects(
    flow("submit", {}, async (f) => {
      await f.step("validate", () => {
        throw new ValidationError("bad answer, see https://x.test/?password=hunter2");
      });
    }),
    ValidationError,
  );
  await logs.flush();
  const spans = await finished();
  const root = named(spans, "submit");
  const step = named(spans, "submit.validate");
  for (const span of [root, step]) {
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    assert.equal(span.attributes["error.type"], "ValidationError");
    assert.ok(span.status.message?.startsWith("bad answer"), span.status.message);
    assert.ok(!span.status.message?.includes("hunter2"), "the status description is redacted");
    assert.equal(span.events.length, 0);
  }
  assertIds(line(logs.records, "submit_flow_failed"), root);
});

test("error.type: the class name, a plain Error's code, or _OTHER", async () => {
  captureLogs();
  const connection = Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
  for (const [thrown, expected] of [
    [new TypeError("x"), "TypeError"],
    [connection, "ECONNREFUSED"],
    ["a string", "_OTHER"],
  ] as const) {
    await assert.rejects(
      flow("typed", {}, () => {
        throw thrown;
      }),
    );
    const span = named(await finished(), "typed");
    assert.equal(span.attributes["error.type"], expected);
    assert.equal(span.status.code, SpanStatusCode.ERROR);
    exporter.reset();
  }
});

test("a skipped flow is not an error", async () => {
  captureLogs();
  await flow("retake", {}, async (f) => {
    await f.step("load", () => f.skip("nothing_to_retake"));
  });
  const spans = await finished();
  for (const span of spans) {
    assert.equal(span.status.code, SpanStatusCode.UNSET, span.name);
    assert.equal(span.attributes["error.type"], undefined, span.name);
  }
  assert.equal(spans.length, 2);
});

test("a flow inside a step is a child of the step's span", async () => {
  captureLogs();
  await flow("outer", {}, async (f) => {
    await f.step("call", () => flow("inner", {}, async (g) => g.step("work", tick)));
  });
  const spans = await finished();
  const step = named(spans, "outer.call");
  const inner = named(spans, "inner");
  assert.equal(inner.parentSpanContext?.spanId, step.spanContext().spanId);
  assert.equal(named(spans, "inner.work").parentSpanContext?.spanId, inner.spanContext().spanId);
});

test("no line ever holds a key twice: the active span's ids win over any scope's", async () => {
  const logs = captureLogs({ fields: { service: "api" } });
  const span = trace.getTracer("test").startSpan("manual");
  const bound = log.bind({ span_id: "bound" });
  await context.with(trace.setSpan(context.active(), span), async () => {
    await withContext({ request_id: "r1", trace_id: "from-context" }, async () => {
      log.info("context_only"); // the HTTP core's case: the context holds trace_id
      log.info("context_and_call", { trace_flags: "call", n: 1 });
      bound.info("bound_and_context");
    });
  });
  span.end();
  await logs.flush();
  const ids = span.spanContext();
  const lines = logs
    .text()
    .trim()
    .split("\n")
    .map((text) => parseStrictJson(text) as Record<string, unknown>);
  assert.equal(lines.length, 3);
  for (const record of lines) {
    assert.equal(record.trace_id, ids.traceId, String(record.event));
    assert.equal(record.span_id, ids.spanId, String(record.event));
    assert.equal(record.trace_flags, "01", String(record.event));
    assert.equal(record.request_id, "r1");
    assert.equal(record.service, "api");
  }
  assert.equal(lines[1]?.n, 1);
  assert.deepEqual(Object.keys(lines[0] ?? {}), [
    "timestamp",
    "level",
    "event",
    "logger",
    "service",
    "request_id",
    "trace_id",
    "span_id",
    "trace_flags",
  ]);
});

test("static fields and the console format give way to the span's ids too", async () => {
  const span = trace.getTracer("test").startSpan("manual");
  const ids = span.spanContext();
  let logs = captureLogs({ fields: { trace_id: "static" } });
  context.with(trace.setSpan(context.active(), span), () => log.info("static_field"));
  await logs.flush();
  const record = parseStrictJson(logs.text().trim()) as Record<string, unknown>;
  assert.equal(record.trace_id, ids.traceId);
  logs = captureLogs({ format: "console", fields: { trace_id: "static" } });
  context.with(trace.setSpan(context.active(), span), () => log.info("console_line"));
  await logs.flush();
  const text = logs.text();
  assert.equal(text.split("trace_id=").length - 1, 1, text);
  assert.ok(text.includes(`trace_id=${ids.traceId}`), text);
  assert.ok(text.includes(`span_id=${ids.spanId}`), text);
  span.end();
});

test("outside any span a line has no span fields; an unsampled span gives trace_flags 00", async () => {
  const logs = captureLogs();
  log.info("outside");
  const unsampled = {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
    traceFlags: TraceFlags.NONE,
    isRemote: true,
  };
  context.with(trace.setSpanContext(ROOT_CONTEXT, unsampled), () => log.info("unsampled"));
  await logs.flush();
  const outside = line(logs.records, "outside");
  assert.equal("trace_id" in outside || "span_id" in outside || "trace_flags" in outside, false);
  const record = line(logs.records, "unsampled");
  assert.equal(record.trace_id, unsampled.traceId);
  assert.equal(record.span_id, unsampled.spanId);
  assert.equal(record.trace_flags, "00");
});

test("a histogram observation inside a sampled span keeps its ids as the exemplar", async () => {
  captureLogs();
  const registry = new Registry();
  const duration = new Histogram({
    name: "job_duration_seconds",
    help: "Job time",
    labelNames: ["job"],
    buckets: [1],
    registers: [registry],
  });
  let stepIds: { traceId: string; spanId: string } | undefined;
  await flow("job", {}, async (f) => {
    await f.step("run", () => {
      stepIds = trace.getActiveSpan()?.spanContext();
      duration.observe({ job: "traced" }, 0.5);
      duration.observe({ job: "explicit" }, 0.5, { trace_id: "given" });
      duration.labels({ job: "bound" }).observe(0.5);
    });
  });
  duration.observe({ job: "outside" }, 0.5);
  const unsampled = trace.setSpanContext(ROOT_CONTEXT, {
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId: "00f067aa0ba902b7",
    traceFlags: TraceFlags.NONE,
  });
  context.with(unsampled, () => duration.observe({ job: "unsampled" }, 0.5));
  const samples = await scrapeMetrics(registry);
  const exemplar = (job: string) =>
    samples.find((s) => s.name === "job_duration_seconds_bucket" && s.labels.job === job && s.labels.le === "1")
      ?.exemplar;
  assert.ok(stepIds);
  assert.deepEqual(exemplar("traced"), { trace_id: stepIds.traceId, span_id: stepIds.spanId });
  assert.deepEqual(exemplar("bound"), { trace_id: stepIds.traceId, span_id: stepIds.spanId });
  assert.deepEqual(exemplar("explicit"), { trace_id: "given" });
  assert.equal(exemplar("outside"), undefined);
  assert.equal(exemplar("unsampled"), undefined);
});

test("disableTracing() stops spans, span fields and exemplars; enableTracing() brings them back", async () => {
  const logs = captureLogs();
  disableTracing();
  try {
    const span = trace.getTracer("test").startSpan("manual");
    await context.with(trace.setSpan(context.active(), span), () => flow("off", {}, () => log.info("inside")));
    span.end();
    await logs.flush();
    assert.deepEqual(
      (await finished()).map((s) => s.name),
      ["manual"],
    );
    assert.equal("span_id" in line(logs.records, "inside"), false);
  } finally {
    enableTracing();
  }
  await flow("on", {}, () => undefined);
  assert.deepEqual(
    (await finished()).map((s) => s.name),
    ["manual", "on"],
  );
});

test("a database query inside a flow step is a CLIENT span under the step, failures marked", async () => {
  captureLogs();
  const db = instrumentSqlite(new DatabaseSync(":memory:"));
  db.exec("CREATE TABLE t (v TEXT)");
  exporter.reset();
  await flow("store", {}, async (f) => {
    await f.step("insert", () => db.prepare("INSERT INTO t (v) VALUES (?)").run("secret-value"));
  });
  assert.throws(() => db.prepare("SELECT * FROM missing").all());
  const spans = await finished();
  const step = named(spans, "store.insert");
  const insert = named(spans, "insert sqlite");
  assert.equal(insert.parentSpanContext?.spanId, step.spanContext().spanId);
  assert.equal(insert.kind, 2); // SpanKind.CLIENT
  assert.equal(insert.attributes["db.query.text"], "INSERT INTO t (v) VALUES (?)");
  assert.ok(!JSON.stringify(insert.attributes).includes("secret-value"));
  const failed = named(spans, "select sqlite");
  assert.equal(failed.status.code, SpanStatusCode.ERROR);
  db.close();
});

test("enableTracing() rejects a bad tracer name", () => {
  assert.throws(() => enableTracing({ tracerName: "" }), { code: "SIGHTLINE_ERR_INVALID_OPTION" });
  assert.throws(() => enableTracing(null as never), { code: "SIGHTLINE_ERR_INVALID_OPTION" });
  enableTracing();
});

test("spans use the tracer name given", async () => {
  captureLogs();
  enableTracing({ tracerName: "assessments-api" });
  try {
    await flow("named", {}, () => undefined);
    assert.equal(named(await finished(), "named").instrumentationScope.name, "assessments-api");
  } finally {
    enableTracing();
  }
});

test(
  "only sightline/tracing loads @opentelemetry/api: every other subpath leaves it alone",
  { skip: NEEDS_REGISTER_HOOKS },
  () => {
    const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
    const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
    };
    const others = Object.keys(manifest.exports)
      .filter((subpath) => subpath !== "./tracing" && subpath !== "./package.json")
      .map((subpath) => (subpath === "." ? "sightline" : `sightline/${subpath.slice(2)}`));
    const script = `
    import { registerHooks } from "node:module";
    const seen = [];
    registerHooks({
      resolve(specifier, context, next) {
        if (specifier.startsWith("@opentelemetry/")) seen.push(specifier);
        return next(specifier, context);
      },
    });
    for (const specifier of ${JSON.stringify(others)}) await import(specifier);
    const before = seen.length;
    await import("sightline/tracing");
    console.log(JSON.stringify({ before, after: seen }));
  `;
    const output = execFileSync(
      process.execPath,
      ["--conditions=sightline:source", "--input-type=module", "--eval", script],
      { cwd: packageDir, encoding: "utf8" },
    );
    const { before, after: loaded } = JSON.parse(output.trim().split("\n").at(-1) as string) as {
      before: number;
      after: string[];
    };
    assert.equal(before, 0);
    assert.ok(loaded.includes("@opentelemetry/api"), JSON.stringify(loaded));
  },
);
