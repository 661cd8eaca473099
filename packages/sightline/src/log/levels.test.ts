import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { afterEach, test } from "node:test";
import { getLogger, configure } from "../index.ts";
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

test("LOG_LEVEL wins over the option", () => {
  process.env.LOG_LEVEL = "error";
  try {
    captureLogs({ level: "debug" });
    assert.equal(getLogger().isEnabled("warning"), false);
  } finally {
    delete process.env.LOG_LEVEL;
  }
});

test("a bad LOG_LEVEL or LOG_FORMAT is one warning line naming it; the configured value is used (#16)", async () => {
  process.env.LOG_LEVEL = "verbose";
  process.env.LOG_FORMAT = "xml";
  try {
    const logs = captureLogs({ level: "debug" });
    assert.equal(getLogger().isEnabled("debug"), true);
    getLogger("app").debug("still_logging");
    await logs.flush();
    const again = captureLogs({ level: "debug" }); // a second configure() does not repeat them
    await again.flush();
    assert.deepEqual(again.records, []);
    const warnings = logs.records.filter((record) => record.event === "environment_variable_ignored");
    assert.deepEqual(
      warnings.map(({ level, logger, variable, value, using }) => ({ level, logger, variable, value, using })),
      [
        { level: "warning", logger: "sightline", variable: "LOG_LEVEL", value: "verbose", using: "debug" },
        { level: "warning", logger: "sightline", variable: "LOG_FORMAT", value: "xml", using: "json" },
      ],
    );
    assert.deepEqual(warnings[1]?.accepted, ["auto", "json", "console"]);
    assert.ok((warnings[0]?.accepted as string[]).includes("warning"));
    assert.ok(logs.records.some((record) => record.event === "still_logging"));
  } finally {
    delete process.env.LOG_LEVEL;
    delete process.env.LOG_FORMAT;
  }
});

test("importing sightline with LOG_LEVEL=verbose starts, with one warning line on stdout (#16)", () => {
  const output = execFileSync(
    process.execPath,
    [
      "--conditions=sightline:source",
      "--input-type=module",
      "-e",
      'import { flow, getLogger } from "sightline"; getLogger("app").info("started");',
    ],
    { encoding: "utf8", env: { ...process.env, LOG_LEVEL: "verbose", LOG_FORMAT: "json" } },
  );
  const lines = output
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.deepEqual(
    lines.map((line) => [line.event, line.variable ?? null]),
    [
      ["environment_variable_ignored", "LOG_LEVEL"],
      ["started", null],
    ],
  );
});

test("bad options are coded errors naming the option", () => {
  assert.throws(() => configure({ level: "loud" as never }), { code: "SIGHTLINE_ERR_INVALID_LEVEL" });
  assert.throws(() => configure({ format: "xml" as never }), { code: "SIGHTLINE_ERR_INVALID_FORMAT" });
  assert.throws(
    () => configure({ levle: "info" } as never),
    /"levle" of configure\(\): not an option \(did you mean "level"\?\)/,
  );
  assert.throws(() => configure({ limits: { maxDepth: -1 } }), /limits\.maxDepth/);
  assert.throws(() => configure({ redact: { keys: [""] } }), { code: "SIGHTLINE_ERR_INVALID_REDACT_KEY" });
  assert.throws(() => configure({ destination: "/nonexistent-dir/x.log" }), {
    code: "SIGHTLINE_ERR_INVALID_DESTINATION",
  });
});
