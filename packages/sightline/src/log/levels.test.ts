import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { getLogger, SightlineError, configure } from "../index.ts";
import { captureLogs, resetForTests } from "../testing/index.ts";

afterEach(() => resetForTests());

const LEVEL_NAMES = ["debug", "info", "warning", "error", "critical"] as const;

test("every level writes its name and the filter drops what is below the configured level", async () => {
  for (const threshold of LEVEL_NAMES) {
    const logs = captureLogs({ level: threshold });
    const log = getLogger("levels");
    for (const level of LEVEL_NAMES) log[level](`at_${level}`);
    await logs.flush();
    const expected = LEVEL_NAMES.slice(LEVEL_NAMES.indexOf(threshold));
    assert.deepEqual(
      logs.records.map((r) => r.level),
      expected,
      `threshold ${threshold}`,
    );
    assert.deepEqual(
      logs.records.map((r) => r.event),
      expected.map((l) => `at_${l}`),
    );
  }
});

test("isEnabled follows the threshold and per-logger overrides, including dotted children", async () => {
  const logs = captureLogs({ level: "warning", levels: { db: "debug" } });
  assert.equal(getLogger("api").isEnabled("info"), false);
  assert.equal(getLogger("api").isEnabled("warning"), true);
  assert.equal(getLogger("db").isEnabled("debug"), true);
  assert.equal(getLogger("db.pool").isEnabled("debug"), true);
  assert.equal(getLogger("dbx").isEnabled("debug"), false);
  getLogger("db.pool").debug("query_executed");
  getLogger("api").info("dropped");
  await logs.flush();
  assert.deepEqual(
    logs.records.map((r) => [r.logger, r.event]),
    [["db.pool", "query_executed"]],
  );
});

test("a logger obtained before configure() follows the new level", async () => {
  const log = getLogger("early");
  const logs = captureLogs({ level: "debug" });
  log.debug("now_visible");
  await logs.flush();
  assert.equal(logs.records.length, 1);
});

test("LOG_LEVEL wins over the option, and a bad value is a coded error naming it", () => {
  process.env.LOG_LEVEL = "error";
  try {
    captureLogs({ level: "debug" });
    assert.equal(getLogger().isEnabled("warning"), false);
    process.env.LOG_LEVEL = "verbose";
    assert.throws(
      () => configure({}),
      (error: unknown) =>
        error instanceof SightlineError &&
        error.code === "SIGHTLINE_ERR_INVALID_LEVEL" &&
        error.message.includes("LOG_LEVEL") &&
        error.message.includes("verbose"),
    );
  } finally {
    delete process.env.LOG_LEVEL;
  }
});

test("bad options are coded errors naming the option", () => {
  assert.throws(() => configure({ level: "loud" as never }), { code: "SIGHTLINE_ERR_INVALID_LEVEL" });
  assert.throws(() => configure({ format: "xml" as never }), { code: "SIGHTLINE_ERR_INVALID_FORMAT" });
  assert.throws(() => configure({ levle: "info" } as never), /levle \(unknown option/);
  assert.throws(() => configure({ limits: { maxDepth: -1 } }), /limits\.maxDepth/);
  assert.throws(() => configure({ redact: { keys: [""] } }), { code: "SIGHTLINE_ERR_INVALID_REDACT_KEY" });
  assert.throws(() => configure({ destination: "/nonexistent-dir/x.log" }), {
    code: "SIGHTLINE_ERR_INVALID_DESTINATION",
  });
});
