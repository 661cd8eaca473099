import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { getLogger } from "../index.ts";
import { captureLogs, resetForTests } from "../testing/index.ts";

afterEach(() => resetForTests());

async function consoleOutput(write: () => void, colors = false): Promise<string> {
  const logs = captureLogs({ format: "console", colors });
  write();
  await logs.flush();
  return logs.text();
}

test("console lines show time, level, event, logger and key=value pairs", async () => {
  const text = await consoleOutput(() =>
    getLogger("assessments").info("assessment_started", { user_id: "u1", score: 3, note: "two words" }),
  );
  assert.match(
    text,
    /^\d{4}-\d\d-\d\dT[\d:.]+Z \[info {4}\] assessment_started\s+logger=assessments user_id=u1 score=3 note="two words"\n$/,
  );
});

test("newlines, ANSI escapes, C1 controls and bidi overrides in values cannot forge or paint a line", async () => {
  const forged = 'ok\n2026-01-01T00:00:00.000Z [critical] forged_event\x1b[2J\x9b31m\u202ehidden\r"';
  const text = await consoleOutput(() => getLogger("a\nb").warning(forged, { [forged]: forged }));
  assert.equal(text.split("\n").length, 2, "exactly one line plus the final newline");
  assert.ok(!/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202e]/.test(text), JSON.stringify(text));
  assert.ok(text.includes("\\u001b[2J"));
  assert.ok(text.includes("\\u009b"));
  assert.ok(text.includes("\\u202e"));
});

test("stack traces print below the line, indented, with the same escaping", async () => {
  const error = new Error("bad\x1b[31m thing");
  const text = await consoleOutput(() => getLogger().exception("failed", error));
  const [first, ...stack] = text.trimEnd().split("\n");
  assert.match(first ?? "", /error_type=Error error_message="bad\\u001b\[31m thing"/);
  assert.ok(stack.length > 1);
  assert.ok(stack.every((line) => line.startsWith("    ")));
  assert.ok(stack[0]?.includes("\\u001b[31m"));
});

test("colours appear only when asked for, and secrets stay redacted in console output", async () => {
  const plain = await consoleOutput(() => getLogger().info("login", { password: "hunter2" }));
  assert.ok(!plain.includes("\x1b["));
  assert.ok(plain.includes('password="[REDACTED]"'));
  assert.ok(!plain.includes("hunter2"));
  const coloured = await consoleOutput(() => getLogger().error("login_failed"), true);
  assert.ok(coloured.includes("\x1b[31m[error"));
});
