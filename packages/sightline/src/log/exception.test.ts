import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { getLogger } from "../index.ts";
import { captureLogs, resetForTests, type LogRecord } from "../testing/index.ts";

afterEach(() => resetForTests());

async function exceptionLine(error: unknown, fields?: Record<string, unknown>): Promise<LogRecord> {
  const logs = captureLogs();
  getLogger("errors").exception("risky_operation_failed", error, fields);
  await logs.flush();
  return logs.records[0] as LogRecord;
}

test("exception() writes an error line with type, message, stack and the call's fields", async () => {
  class ValidationError extends Error {}
  const line = await exceptionLine(new ValidationError("bad answer"), { user_id: "u1" });
  assert.equal(line.level, "error");
  assert.equal(line.event, "risky_operation_failed");
  assert.equal(line.error_type, "ValidationError");
  assert.equal(line.error_message, "bad answer");
  assert.match(line.stack as string, /^Error: bad answer\n\s+at /);
  assert.equal(line.user_id, "u1");
});

test("the cause chain is written to any depth, with each cause's own properties", async () => {
  const root = Object.assign(new Error("ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED", port: 5432 });
  const middle = new TypeError("query failed", { cause: root });
  const line = await exceptionLine(new Error("save failed", { cause: middle }));
  const cause = line.cause as Record<string, any>;
  assert.equal(cause.error_type, "TypeError");
  assert.equal(cause.error_message, "query failed");
  assert.equal(cause.cause.error_message, "ECONNREFUSED 127.0.0.1:5432");
  assert.deepEqual(cause.cause.error_details, { code: "ECONNREFUSED", port: 5432 });
});

test("a cause that is not an Error, and a cause cycle, are written safely", async () => {
  const a = new Error("a");
  const b = new Error("b", { cause: a });
  (a as { cause?: unknown }).cause = b;
  const line = await exceptionLine(new Error("top", { cause: { reason: "plain object" } }));
  assert.deepEqual(line.cause, { reason: "plain object" });
  const cyclic = await exceptionLine(a);
  // a → b → a again, whose cause (b) is already being written
  assert.equal((cyclic.cause as any).error_message, "b");
  assert.equal((cyclic.cause as any).cause.error_message, "a");
  assert.equal((cyclic.cause as any).cause.cause, "[Circular]");
});

test("AggregateError members are written under errors", async () => {
  const line = await exceptionLine(new AggregateError([new Error("one"), new RangeError("two")], "both failed"));
  assert.equal(line.error_type, "AggregateError");
  assert.deepEqual(
    (line.errors as any[]).map((e) => [e.error_type, e.error_message]),
    [
      ["Error", "one"],
      ["RangeError", "two"],
    ],
  );
});

test("anything thrown is described: strings, null, plain objects, errors with throwing getters", async () => {
  assert.deepEqual(
    [await exceptionLine("plain string")].map((l) => [l.error_type, l.error_message]),
    [["string", "plain string"]],
  );
  assert.equal((await exceptionLine(null)).error_type, "null");
  const obj = await exceptionLine({ message: "object thrown", code: 7 });
  assert.equal(obj.error_message, "object thrown");
  assert.deepEqual(obj.error_details, { message: "object thrown", code: 7 });
  const hostile = new Error("x");
  Object.defineProperty(hostile, "message", {
    get() {
      throw new Error("no message for you");
    },
  });
  assert.equal((await exceptionLine(hostile)).error_message, "[Unserializable: Error: no message for you]");
});

test("exception() respects the level filter", async () => {
  const logs = captureLogs({ level: "critical" });
  getLogger().exception("hidden", new Error("x"));
  await logs.flush();
  assert.equal(logs.records.length, 0);
});
