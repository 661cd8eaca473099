import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import fc from "fast-check";
import { bindContext, getLogger, withContext } from "../index.ts";
import { captureLogs, resetForTests } from "../testing/index.ts";
import { parseStrictJson } from "../../test/helpers/strict-json.ts";

afterEach(() => resetForTests());

test("a line starts with timestamp, level, event, logger, then static, context, bound and call fields", async () => {
  const logs = captureLogs({ service: "assessment-api", fields: { region: "eu" } });
  const log = getLogger("assessments").bind({ user_id: "u1" });
  await withContext({ request_id: "r1" }, async () => log.info("assessment_started", { assessment_id: "a1" }));
  await logs.flush();
  const line = logs.text().trim();
  assert.deepEqual(Object.keys(JSON.parse(line)), [
    "timestamp",
    "level",
    "event",
    "logger",
    "service",
    "region",
    "request_id",
    "user_id",
    "assessment_id",
  ]);
  assert.match(logs.records[0]?.timestamp ?? "", /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
});

test("binding again merges, later values winning; the parent logger is unchanged", async () => {
  const logs = captureLogs();
  const base = getLogger("svc");
  const first = base.bind({ a: 1, b: 1 });
  const second = first.bind({ b: 2, c: 2 });
  second.info("merged");
  first.info("first");
  base.info("base");
  await logs.flush();
  const [merged, firstLine, baseLine] = logs.records;
  assert.equal(merged?.a, 1);
  assert.equal(merged?.b, 2);
  assert.equal(merged?.c, 2);
  assert.equal(firstLine?.b, 1);
  assert.equal("c" in (firstLine ?? {}), false);
  assert.equal("a" in (baseLine ?? {}), false);
});

test("a field named like a core key cannot overwrite it and is kept with a trailing _", async () => {
  const logs = captureLogs({ fields: { logger: "static" } });
  getLogger("real").bind({ level: "bound" }).error("real_event", { event: "call", timestamp: "call" });
  await logs.flush();
  const line = parseStrictJson(logs.text().trim()) as Record<string, unknown>;
  assert.equal(line.level, "error");
  assert.equal(line.event, "real_event");
  assert.equal(line.logger, "real");
  assert.equal(line.level_, "bound");
  assert.equal(line.event_, "call");
  assert.equal(line.logger_, "static");
  assert.equal(line.timestamp_, "call");
});

// Keys drawn from a small pool so that scopes collide often.
const key = fc.constantFrom("a", "b", "c", "user_id", "level", "event", "request_id", "x y", 'q"');
const fieldsArb = fc.dictionary(key, fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { maxKeys: 5 });

test("every line is valid JSON with unique keys, and the latest scope wins (property)", async () => {
  await fc.assert(
    fc.asyncProperty(
      fieldsArb,
      fieldsArb,
      fieldsArb,
      fieldsArb,
      fieldsArb,
      async (staticFields, contextFields, later, bound, call) => {
        const logs = captureLogs({ fields: staticFields });
        const log = getLogger("prop").bind(bound);
        await withContext(contextFields, async () => {
          bindContext(later);
          log.info("collide", call);
        });
        await logs.flush();
        const line = parseStrictJson(logs.text().trim()) as Record<string, unknown>;
        const expected: Record<string, unknown> = {};
        for (const scope of [staticFields, contextFields, later, bound, call]) {
          for (const [k, v] of Object.entries(scope)) {
            expected[["timestamp", "level", "event", "logger"].includes(k) ? `${k}_` : k] = v;
          }
        }
        for (const [k, v] of Object.entries(expected)) assert.deepEqual(line[k], v, `key ${k}`);
        assert.equal(line.event, "collide");
        assert.equal(line.level, "info");
        assert.equal(Object.keys(line).length, 4 + Object.keys(expected).length);
      },
    ),
    { numRuns: 200 },
  );
});

test("context fields appear on lines of every logger and are serialized once, not per line", async () => {
  const logs = captureLogs();
  let serializations = 0;
  const requestId = {
    toJSON() {
      serializations++;
      return "r1";
    },
  };
  await withContext({ request_id: requestId }, async () => {
    for (let i = 0; i < 10; i++) getLogger(`l${i % 3}`).info("in_request", { i });
  });
  await logs.flush();
  assert.equal(logs.records.length, 10);
  assert.ok(logs.records.every((r) => r.request_id === "r1"));
  assert.equal(serializations, 1);
});
