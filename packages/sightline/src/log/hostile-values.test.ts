import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import fc from "fast-check";
import { getLogger } from "../index.ts";
import { captureLogs, resetForTests, type LogRecord } from "../testing/index.ts";
import { parseStrictJson } from "../../test/helpers/strict-json.ts";

afterEach(() => resetForTests());

async function logOne(fields: Record<string, unknown>, options = {}): Promise<LogRecord> {
  const logs = captureLogs(options);
  getLogger("hostile").info("hostile_value", fields);
  await logs.flush();
  assert.equal(logs.records.length, 1);
  return logs.records[0] as LogRecord;
}

test("cycles become [Circular], repeated (non-cyclic) references are written in full", async () => {
  const shared = { n: 1 };
  const cycle: Record<string, unknown> = { name: "loop" };
  cycle.self = cycle;
  cycle.list = [cycle, shared, shared];
  const line = await logOne({ cycle });
  assert.deepEqual(line.cycle, { name: "loop", self: "[Circular]", list: ["[Circular]", { n: 1 }, { n: 1 }] });
});

test("BigInt, Symbol, functions, Dates, NaN and undefined are written without throwing", async () => {
  const line = await logOne({
    big: 2n ** 70n,
    sym: Symbol("s"),
    fn: function handler() {},
    arrow: () => 1,
    date: new Date(0),
    bad_date: new Date(Number.NaN),
    nan: Number.NaN,
    inf: -Infinity,
    missing: undefined,
    list: [undefined, 1],
  });
  assert.equal(line.big, "1180591620717411303424");
  assert.equal(line.sym, "Symbol(s)");
  assert.equal(line.fn, "[Function: handler]");
  assert.equal(line.arrow, "[Function: arrow]");
  assert.equal(line.date, "1970-01-01T00:00:00.000Z");
  assert.equal(line.bad_date, "Invalid Date");
  assert.equal(line.nan, "NaN");
  assert.equal(line.inf, "-Infinity");
  assert.equal("missing" in line, false);
  assert.deepEqual(line.list, [null, 1]);
});

test("Buffers and typed arrays are summarised, Maps become objects and Sets arrays", async () => {
  const line = await logOne({
    buf: Buffer.alloc(1024),
    floats: new Float64Array(4),
    raw: new ArrayBuffer(8),
    map: new Map<unknown, unknown>([
      ["a", 1],
      [2, "two"],
    ]),
    set: new Set(["x", "y"]),
  });
  assert.equal(line.buf, "[Buffer 1024 bytes]");
  assert.equal(line.floats, "[Float64Array 32 bytes]");
  assert.equal(line.raw, "[ArrayBuffer 8 bytes]");
  assert.deepEqual(line.map, { a: 1, 2: "two" });
  assert.deepEqual(line.set, ["x", "y"]);
});

test("class instances write their own fields; toJSON is honoured", async () => {
  class Point {
    x = 1;
    y = 2;
    #hidden = 3;
    get sum() {
      return this.x + this.y + this.#hidden;
    }
  }
  const line = await logOne({ point: new Point(), custom: { toJSON: () => ({ v: "custom" }) } });
  assert.deepEqual(line.point, { x: 1, y: 2 });
  assert.deepEqual(line.custom, { v: "custom" });
});

test("throwing getters, toJSON and proxies become [Unserializable: reason]", async () => {
  const getter = {
    ok: 1,
    get bad(): never {
      throw new Error("getter exploded");
    },
  };
  const badJson = {
    toJSON() {
      throw new RangeError("no json");
    },
  };
  const proxy = new Proxy(
    {},
    {
      ownKeys() {
        throw new Error("trap");
      },
    },
  );
  const line = await logOne({ getter, badJson, proxy });
  assert.deepEqual(line.getter, { ok: 1, bad: "[Unserializable: Error: getter exploded]" });
  assert.equal(line.badJson, "[Unserializable: RangeError: no json]");
  assert.equal(line.proxy, "[Unserializable: Error: trap]");
});

test("long strings, long arrays and deep objects are cut with visible markers", async () => {
  let deep: Record<string, unknown> = { bottom: true };
  for (let i = 0; i < 50; i++) deep = { next: deep };
  const line = await logOne(
    { long: "x".repeat(100), many: Array.from({ length: 25 }, (_, i) => i), set: new Set([1, 2, 3, 4]), deep },
    { limits: { maxStringLength: 10, maxArrayLength: 3, maxDepth: 4 } },
  );
  assert.equal(line.long, `${"x".repeat(10)}…[truncated 90 chars]`);
  assert.deepEqual(line.many, [0, 1, 2, "[… 22 more items]"]);
  assert.deepEqual(line.set, [1, 2, 3, "[… 1 more items]"]);
  assert.deepEqual(line.deep, { next: { next: { next: { next: "[Truncated: depth]" } } } });
});

test("a log call never throws and always writes one valid JSON line, whatever it is given (property)", async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.anything({
        withBigInt: true,
        withDate: true,
        withMap: true,
        withSet: true,
        withTypedArray: true,
        withSparseArray: true,
        withNullPrototype: true,
        withBoxedValues: true,
      }),
      async (value) => {
        const logs = captureLogs();
        getLogger("any").info("anything", { value, nested: [value, { value }] });
        getLogger("any").info("as_fields", value as never);
        await logs.flush();
        const lines = logs.text().trim().split("\n");
        assert.equal(lines.length, 2);
        for (const line of lines) parseStrictJson(line);
      },
    ),
    { numRuns: 300 },
  );
});

test("non-object fields are kept under `fields` rather than lost", async () => {
  const line = await logOne("just a string" as never);
  assert.equal(line.fields, "just a string");
});
