import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { withContext } from "../index.ts";
import { closeErrors, getCapturedEvents, initErrors } from "../errors/index.ts";
import { Registry } from "../metrics/index.ts";
import { captureLogs, resetForTests, scrapeMetrics, type CapturedLogs } from "../testing/index.ts";
import { timedQuery } from "./index.ts";
import { setDbTracing, type DbQueryInfo } from "../internal/tracing-seam.ts";

let logs: CapturedLogs;
let registry: Registry;
beforeEach(() => {
  logs = captureLogs();
  registry = new Registry();
});
afterEach(async () => {
  setDbTracing(undefined);
  await closeErrors();
  resetForTests();
});

async function durations(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const sample of await scrapeMetrics(registry)) {
    if (sample.name !== "db_client_operation_duration_seconds_count") continue;
    const { system, operation, outcome } = sample.labels;
    counts[`${system}/${operation}/${outcome}`] = sample.value;
  }
  return counts;
}

test("sync calls stay sync, promises resolve to the same value; both are measured", async () => {
  const options = { metrics: { registry }, system: "mysql" };
  const row = { id: 1 };
  const sync: { id: number } = timedQuery("select", () => row, options);
  assert.equal(sync, row);
  const pending = timedQuery("INSERT", async () => row, options);
  assert.ok(pending instanceof Promise);
  assert.equal(await pending, row);
  assert.deepEqual(await durations(), { "mysql/select/success": 1, "mysql/insert/success": 1 });
  await logs.flush();
  assert.deepEqual(logs.records, [], "nothing logged below the slow threshold");
});

test("a failure is re-thrown unchanged, counted, and logged once with the operation and system", async () => {
  const options = { metrics: { registry }, statement: "SELECT * FROM users WHERE password = ?" };
  const original = new Error("connection reset");
  assert.throws(
    () =>
      timedQuery(
        "find",
        () => {
          throw original;
        },
        options,
      ),
    (error) => error === original,
  );
  await assert.rejects(
    timedQuery("find", () => Promise.reject(original), options),
    (error) => error === original,
  );
  assert.deepEqual(await durations(), { "other/find/failure": 2 });
  await logs.flush();
  assert.deepEqual(
    logs.records.map((r) => [r.event, r.level, r.logger, r.system, r.operation, r.error_message, r.statement]),
    [
      ["db_query_failed", "error", "db", "other", "find", "connection reset", options.statement],
      ["db_query_failed", "error", "db", "other", "find", "connection reset", options.statement],
    ],
    "without initErrors: no error_captured line besides",
  );
  assert.equal(typeof logs.records[0]?.duration_ms, "number");
});

test("with error tracking on, a failed query is captured with its system and operation as tags", async () => {
  await initErrors({ store: "memory", handleUncaught: false });
  assert.throws(() =>
    timedQuery(
      "update",
      () => {
        throw new RangeError("deadlock detected");
      },
      { metrics: { registry }, system: "postgresql" },
    ),
  );
  const [event] = getCapturedEvents();
  assert.equal(event?.exception?.values.at(-1)?.value, "deadlock detected");
  assert.deepEqual(event?.tags, { db_system: "postgresql", db_operation: "update" });
  assert.throws(() =>
    timedQuery(
      "update",
      () => {
        throw new RangeError("not captured");
      },
      { metrics: { registry }, captureErrors: false },
    ),
  );
  assert.equal(getCapturedEvents().length, 1);
});

test("slowQueryMs: 0 logs every query at warning with the statement, truncated; false never", async () => {
  const statement = `SELECT ${"x, ".repeat(600)}y FROM t WHERE a = $1`;
  timedQuery("select", () => 1, { metrics: false, slowQueryMs: 0, statement });
  timedQuery("select", () => 1, { metrics: false, slowQueryMs: 0, statement, maxStatementLength: 20 });
  timedQuery("select", () => 1, { metrics: false, slowQueryMs: false, statement });
  await logs.flush();
  const slow = logs.records.filter((r) => r.event === "db_query_slow");
  assert.equal(slow.length, 2);
  assert.equal(slow[0]?.level, "warning");
  assert.equal(slow[0]?.threshold_ms, 0);
  assert.equal(typeof slow[0]?.duration_ms, "number");
  assert.equal(slow[0]?.statement, `${statement.slice(0, 1000)}…`);
  assert.equal(slow[1]?.statement, `${statement.slice(0, 20)}…`);
});

test("a statement in place of the operation: its verb is the label, the text the statement", async () => {
  timedQuery("  WITH a AS (SELECT 1) DELETE FROM t", () => 1, { metrics: { registry }, slowQueryMs: 0 });
  assert.deepEqual(await durations(), { "other/delete/success": 1 });
  await logs.flush();
  assert.equal(logs.records[0]?.statement, "  WITH a AS (SELECT 1) DELETE FROM t");
});

test("the lines carry the caller's context", async () => {
  await withContext({ request_id: "r-1" }, async () => {
    await timedQuery("select", async () => 1, { metrics: false, slowQueryMs: 0 });
  });
  await logs.flush();
  assert.equal(logs.records[0]?.request_id, "r-1");
});

test("with a tracing hook, one span per query, ended once, with the error on failure", async () => {
  const spans: Array<{ query: DbQueryInfo; ends: unknown[][] }> = [];
  setDbTracing({
    startQuery(query) {
      const span = { query, ends: [] as unknown[][] };
      spans.push(span);
      return { end: (...args: unknown[]) => span.ends.push(args) };
    },
  });
  const failure = new Error("boom");
  timedQuery("select", () => 1, { metrics: false, statement: "SELECT 1" });
  await assert.rejects(timedQuery("insert", async () => Promise.reject(failure), { metrics: false }));
  assert.deepEqual(spans, [
    { query: { system: "other", operation: "select", statement: "SELECT 1" }, ends: [[undefined]] },
    { query: { system: "other", operation: "insert", statement: undefined }, ends: [[failure]] },
  ]);
});

test("a throwing tracing hook is logged and never breaks the query", async () => {
  setDbTracing({
    startQuery() {
      throw new Error("bridge broken");
    },
  });
  assert.equal(
    timedQuery("select", () => 7, { metrics: false }),
    7,
  );
  await logs.flush();
  assert.equal(logs.records[0]?.event, "db_span_failed");
});

test("bad options are coded errors", () => {
  for (const options of [{ slowQueryMs: -1 }, { slowQueryMs: "500" }, { maxStatementLength: 0 }, { metrics: null }]) {
    assert.throws(() => timedQuery("select", () => 1, options as never), { code: "SIGHTLINE_ERR_INVALID_OPTION" });
  }
  assert.throws(() => timedQuery("select", "nope" as never), { code: "SIGHTLINE_ERR_INVALID_OPTION" });
  assert.throws(
    () => timedQuery("select", () => 1, { sytem: "mysql" } as never),
    /"sytem" of timedQuery\(\): not an option \(did you mean "system"\?\)/,
  );
});
