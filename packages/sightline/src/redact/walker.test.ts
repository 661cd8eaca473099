// One walker serves log lines and redact(): a value redacted first and logged later must read
// exactly as the value logged directly, whatever it is.

import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import fc from "fast-check";
import { getLogger, redact } from "../index.ts";
import { captureLogs, resetForTests } from "../testing/index.ts";

afterEach(() => resetForTests());

const secretText = fc.constantFrom(
  "password=hunter2",
  "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
  "https://ada:pa55@example.com/x?token=abc",
  "plain words",
);
const key = fc.oneof(fc.constantFrom("password", "apiKey", "token_count", "user", "__proto__"), fc.string());

/** Values of every kind the walker distinguishes, nested past the depth limit under test. */
const hostile = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 6 },
    fc.anything({ maxDepth: 2, withBigInt: true, withDate: true, withMap: true, withSet: true, withTypedArray: true }),
    secretText,
    fc.dictionary(key, tie("value"), { maxKeys: 4 }),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(fc.oneof(key, fc.integer()), tie("value")), { maxLength: 3 }).map((entries) => new Map(entries)),
    fc.tuple(fc.string(), tie("value")).map(([message, cause]) => new Error(message, { cause })),
    tie("value").map((inner) => ({ toJSON: () => inner })),
  ),
})).value;

/** Everything after the timestamp: the rest of the line is what the value decided. */
function lineWithout(timestampLine: string): string {
  return timestampLine.slice(timestampLine.indexOf(',"level"'));
}

test("a redacted copy is logged exactly as the original (property)", async () => {
  await fc.assert(
    fc.asyncProperty(hostile, async (value) => {
      const logs = captureLogs({ limits: { maxDepth: 4 } });
      getLogger("walk").info("same", { value });
      getLogger("walk").info("same", { value: redact(value) });
      await logs.flush();
      const [direct, copied] = logs.text().trimEnd().split("\n").map(lineWithout);
      assert.equal(copied, direct);
    }),
    { numRuns: 300 },
  );
});

test("for JSON data, redact() returns what the line holds (property)", async () => {
  const data = fc
    .jsonValue({ maxDepth: 6 })
    .chain((base) => fc.tuple(fc.constant(base), fc.dictionary(key, fc.oneof(secretText, fc.jsonValue()))))
    .map(([base, extra]) => JSON.parse(JSON.stringify({ base, ...extra })) as unknown);
  await fc.assert(
    fc.asyncProperty(data, async (value) => {
      const logs = captureLogs({ limits: { maxDepth: 5 } });
      getLogger("walk").info("same", { value });
      await logs.flush();
      assert.deepEqual(redact(value), logs.records[0]?.value);
    }),
    { numRuns: 300 },
  );
});

test("redact() stops at configure()'s limits.maxDepth, as lines do", () => {
  const deep = { a: { b: { c: { d: 1 } } } };
  captureLogs({ limits: { maxDepth: 2 } });
  assert.deepEqual(redact(deep), { a: { b: "[Truncated: depth]" } });
  captureLogs({ limits: { maxDepth: 10 } });
  assert.deepEqual(redact(deep), deep);
});

test("redact() keeps Maps and Dates, makes Sets arrays, reads getters guardedly and leaves undefined members out", () => {
  const when = new Date(0);
  const holder = {
    map: new Map<unknown, unknown>([
      [1, "one"],
      ["secret", "x"],
    ]),
    set: new Set(["password=hunter2"]),
    when,
    missing: undefined,
    get bad(): never {
      throw new TypeError("no");
    },
  };
  const copy = redact(holder) as Record<string, unknown>;
  assert.deepEqual(
    copy.map,
    new Map<unknown, unknown>([
      [1, "one"],
      ["secret", "[REDACTED]"],
    ]),
  );
  assert.deepEqual(copy.set, ["password=[REDACTED]"]);
  assert.equal(copy.when, when);
  assert.equal(copy.bad, "[Unserializable: TypeError: no]");
  assert.equal("missing" in copy, false);
});
