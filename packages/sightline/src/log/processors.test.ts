import assert from "node:assert/strict";
import { afterEach, mock, test } from "node:test";
import { configure, DROP, getLogger, withContext, type LogProcessor } from "../index.ts";
import { captureLogs, resetForTests } from "../testing/index.ts";

afterEach(() => resetForTests());

test("a processor sees the merged fields and adds its own; later processors see them", async () => {
  const seen: unknown[] = [];
  const addRegion: LogProcessor = (line) => {
    seen.push({ level: line.level, event: line.event, logger: line.logger, ...line.fields });
    line.fields.region = "eu-west-1";
    return line;
  };
  const tagEvent: LogProcessor = (line) => ({ ...line, fields: { ...line.fields, tagged: line.fields.region } });
  const logs = captureLogs({ service: "api", processors: [addRegion, tagEvent] });
  await withContext({ request_id: "r-1" }, () =>
    getLogger("http").bind({ user_id: "u-7" }).info("paid", { amount: 3 }),
  );
  await logs.flush();
  assert.deepEqual(seen, [
    { level: "info", event: "paid", logger: "http", service: "api", request_id: "r-1", user_id: "u-7", amount: 3 },
  ]);
  const [line] = logs.records;
  assert.equal(line?.region, "eu-west-1");
  assert.equal(line?.tagged, "eu-west-1");
  assert.equal(line?.amount, 3);
  assert.equal(line?.event, "paid");
});

test("what a processor adds is redacted like any field; core keys cannot be overwritten", async () => {
  const logs = captureLogs({
    processors: [
      (line) => {
        line.fields.password = "hunter2-from-a-processor";
        line.fields.level = "fake";
        return line;
      },
    ],
  });
  getLogger("app").warning("login_failed");
  await logs.flush();
  assert.equal(logs.records[0]?.password, "[REDACTED]");
  assert.equal(logs.records[0]?.level, "warning");
  assert.equal(logs.records[0]?.level_, "fake");
  assert.ok(!logs.text().includes("hunter2-from-a-processor"));
});

test("DROP drops the line", async () => {
  const logs = captureLogs({ processors: [(line) => (line.event === "health_probe" ? DROP : line)] });
  const log = getLogger("app");
  log.info("health_probe");
  log.info("kept");
  await logs.flush();
  assert.deepEqual(
    logs.records.map((l) => l.event),
    ["kept"],
  );
});

test("a processor that throws or returns nonsense leaves the line as it was, reported once", async () => {
  // observed at the call, so Node does not print it among the test runner's lines
  const emitWarning = mock.method(process, "emitWarning", () => {});
  const logs = captureLogs({
    processors: [
      (line) => {
        line.fields.half = "done";
        throw new Error("processor bug");
      },
      () => 42 as never,
      (line) => {
        line.fields.last = true;
        return line;
      },
    ],
  });
  getLogger("app").info("first", { n: 1 });
  getLogger("app").info("second", { n: 2 });
  await logs.flush();
  assert.deepEqual(
    logs.records.map((l) => [l.event, l.n, l.half, l.last]),
    [
      ["first", 1, undefined, true],
      ["second", 2, undefined, true],
    ],
  );
  emitWarning.mock.restore();
  const ours = emitWarning.mock.calls.filter(
    (call) => (call.arguments[1] as { code?: string } | undefined)?.code === "SIGHTLINE_W_PROCESSOR_FAILED",
  );
  assert.equal(ours.length, 1, "reported once");
  assert.match(String(ours[0]?.arguments[0]), /processor bug/);
});

test("processors apply to console output too", async () => {
  const logs = captureLogs({ format: "console", processors: [(line) => ({ ...line, fields: { region: "eu" } })] });
  getLogger("app").info("started", { port: 3000 });
  await logs.flush();
  assert.match(logs.text(), /started/);
  assert.match(logs.text(), /region=eu/);
  assert.doesNotMatch(logs.text(), /port=/);
});

test("processors must be an array of functions", () => {
  for (const bad of ["x", [1], {}]) {
    assert.throws(
      () => configure({ processors: bad as never, destination: "stderr" }),
      (error: Error & { code?: string }) =>
        error.code === "SIGHTLINE_ERR_INVALID_OPTION" && error.message.includes("processors"),
    );
  }
});
