import assert from "node:assert/strict";
import { afterEach, beforeEach, test } from "node:test";
import { flow, getLogger } from "../index.ts";
import { registry } from "../metrics/index.ts";
import { captureLogs, resetForTests, scrapeMetrics, type CapturedLogs } from "../testing/index.ts";

let logs: CapturedLogs;
beforeEach(() => {
  logs = captureLogs({ level: "debug" });
});
afterEach(() => resetForTests());

const events = () => logs.records.map((r) => r.event);

test("a completed flow logs started, each step (start and end), completed; steps pass values through", async () => {
  const result = await flow("retake", { user_id: "u1", skill_area: "math" }, async (f) => {
    const completed = await f.step("load_completed", () => [1, 2, 3]);
    const count: number = await f.step("clear_answers", async () => completed.length);
    getLogger("db").info("inside_flow");
    await f.step("enable_retake", () => undefined);
    return count;
  });
  assert.equal(result, 3);
  await logs.flush();
  assert.deepEqual(events(), [
    "retake_flow_started",
    "retake_flow_step",
    "retake_flow_step",
    "retake_flow_step",
    "retake_flow_step",
    "inside_flow",
    "retake_flow_step",
    "retake_flow_step",
    "retake_flow_completed",
  ]);
  const [started] = logs.records;
  assert.equal(started?.user_id, "u1");
  assert.equal(started?.skill_area, "math");
  const flowId = started?.flow_id as string;
  assert.match(flowId, /^retake-[0-9a-f]{12}$/);
  assert.ok(
    logs.records.every((r) => r.flow_id === flowId),
    "every line carries flow_id, any logger",
  );
  const ends = logs.records.filter((r) => r.event === "retake_flow_step" && "duration_ms" in r);
  assert.deepEqual(
    ends.map((r) => r.step),
    ["load_completed", "clear_answers", "enable_retake"],
  );
  const done = logs.records.at(-1);
  assert.equal(done?.level, "info");
  assert.equal(done?.steps, 3);
  assert.equal(typeof done?.duration_ms, "number");
});

test("a failing step: _flow_failed names the step with the error, and the error is re-thrown unchanged", async () => {
  const original = new RangeError("no such skill area");
  await assert.rejects(
    flow("retake", { user_id: "u1" }, async (f) => {
      await f.step("load_completed", () => 1);
      await f.step("clear_answers", () => {
        throw original;
      });
    }),
    (error) => error === original,
  );
  await logs.flush();
  const failed = logs.records.find((r) => r.event === "retake_flow_failed");
  assert.equal(failed?.level, "error");
  assert.equal(failed?.step, "clear_answers");
  assert.equal(failed?.error_type, "RangeError");
  assert.equal(failed?.error_message, "no such skill area");
  assert.equal(typeof failed?.duration_ms, "number");
});

test("skip() ends the flow early with a warning and resolves to undefined", async () => {
  let after = false;
  const result = await flow("retake", { user_id: "u1" }, async (f) => {
    const completed = await f.step("load_completed", () => [] as number[]);
    if (completed.length === 0) f.skip("nothing_to_retake", { completed: 0 });
    after = true;
    return "done";
  });
  assert.equal(result, undefined);
  assert.equal(after, false);
  await logs.flush();
  const skipped = logs.records.find((r) => r.event === "retake_flow_skipped");
  assert.equal(skipped?.level, "warning");
  assert.equal(skipped?.reason, "nothing_to_retake");
  assert.equal(skipped?.completed, 0);
  assert.ok(!events().includes("retake_flow_completed"));
});

test("nested flows keep parent_flow_id; concurrent flows keep their own ids", async () => {
  await flow("outer", {}, async (outer) => {
    await outer.step("inner", () => flow("inner", {}, async () => getLogger().info("deep")));
  });
  await Promise.all(
    Array.from({ length: 10 }, (_, i) =>
      flow("parallel", { n: i }, async (f) => {
        await f.step("wait", () => new Promise((resolve) => setTimeout(resolve, (i * 7) % 5)));
        getLogger().info("parallel_line", { n: i });
      }),
    ),
  );
  await logs.flush();
  const outerId = logs.records.find((r) => r.event === "outer_flow_started")?.flow_id;
  const deep = logs.records.find((r) => r.event === "deep");
  assert.equal(deep?.parent_flow_id, outerId);
  assert.match(String(deep?.flow_id), /^inner-/);
  const starts = new Map(
    logs.records.filter((r) => r.event === "parallel_flow_started").map((r) => [r.n, r.flow_id] as const),
  );
  for (const line of logs.records.filter((r) => r.event === "parallel_line")) {
    assert.equal(line.flow_id, starts.get(line.n));
  }
});

test("flow and step durations are measured by outcome", async () => {
  await flow("metered", {}, async (f) => {
    await f.step("ok", () => 1);
  });
  await flow("metered", {}, async (f) => f.skip("why"));
  await flow("metered", {}, async (f) => f.step("bad", () => Promise.reject(new Error("x")))).catch(() => undefined);
  const samples = await scrapeMetrics(registry);
  const count = (name: string, labels: Record<string, string>) =>
    samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
  assert.equal(count("flow_duration_seconds_count", { flow: "metered", outcome: "completed" }), 1);
  assert.equal(count("flow_duration_seconds_count", { flow: "metered", outcome: "skipped" }), 1);
  assert.equal(count("flow_duration_seconds_count", { flow: "metered", outcome: "failed" }), 1);
  assert.equal(count("flow_step_duration_seconds_count", { flow: "metered", step: "bad", outcome: "failed" }), 1);
});
