// Nothing logged is lost when the process ends: process.exit(), a crash, an unhandled
// rejection, SIGTERM/SIGINT or a natural exit all write every buffered line first. Each case
// runs test/fixtures/exit-flush-child.ts, which logs 100,000 lines in one synchronous loop (so
// nearly all of them are still buffered in memory when the process starts to end).

import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import {
  collect,
  LineWatcher,
  parseJsonLines,
  spawnFixture,
  withTimeout,
  type ExitStatus,
  type FixtureProcess,
  type JsonRecord,
} from "./helpers/child-process.ts";

const FIXTURE = "exit-flush-child.ts";
const LINES = 100_000;
/** Safety net only: a child that hangs fails the test instead of hanging it. */
const SAFETY_MS = 60_000;
const TEST_OPTIONS = { timeout: 2 * SAFETY_MS };

interface Outcome {
  status: ExitStatus;
  stdout: Buffer;
  stderr: string;
}

/** Reads both streams to their end and waits for the exit. */
async function finish(run: FixtureProcess, what: string): Promise<Outcome> {
  const [stdout, stderr, status] = await withTimeout(
    Promise.all([collect(run.child.stdout), collect(run.child.stderr), run.exited]),
    SAFETY_MS,
    what,
    run,
  );
  return { status, stdout, stderr: stderr.toString("utf8") };
}

/** Exactly `count` fixture lines, i = 0..count-1 in order, at the start of `records`. */
function assertAllLines(records: readonly JsonRecord[], stderr: string, count = LINES): void {
  const lines = records.filter((record) => record.logger === "fixture");
  assert.equal(lines.length, count, `fixture lines written (child stderr: ${stderr.slice(0, 2000)})`);
  for (let i = 0; i < count; i++) {
    const record = records[i] as JsonRecord;
    if (record.i !== i || record.event !== "line" || record.level !== "info") {
      assert.fail(`line ${i} is out of sequence: ${JSON.stringify(record)}`);
    }
  }
}

function assertNothingUnwritten(stderr: string): void {
  assert.doesNotMatch(stderr, /could not be written before exit|log destination failed/);
}

function assertCrashLine(record: JsonRecord | undefined, event: string, message: string): void {
  assert.ok(record !== undefined, "a crash line follows the logged lines");
  assert.equal(record.level, "critical");
  assert.equal(record.event, event);
  assert.equal(record.logger, "sightline");
  assert.equal(record.error_type, "Error");
  assert.equal(record.error_message, message);
  assert.equal(typeof record.stack, "string");
  assert.match(record.stack as string, new RegExp(message));
}

test(
  "process.exit(0) right after logging 100,000 lines to a stdout pipe writes all of them, in order",
  TEST_OPTIONS,
  async () => {
    const outcome = await finish(spawnFixture(FIXTURE, ["exit", String(LINES)]), "exit");
    assert.deepEqual(outcome.status, { code: 0, signal: null }, outcome.stderr);
    const records = parseJsonLines(outcome.stdout);
    assert.equal(records.length, LINES);
    assertAllLines(records, outcome.stderr);
    assertNothingUnwritten(outcome.stderr);
  },
);

test(
  "process.exit(0) right after logging 100,000 lines to a file writes all of them, in order",
  TEST_OPTIONS,
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-exit-flush-"));
    try {
      const file = path.join(dir, "app.log");
      const outcome = await finish(spawnFixture(FIXTURE, ["file", String(LINES), file]), "file");
      assert.deepEqual(outcome.status, { code: 0, signal: null }, outcome.stderr);
      assert.equal(outcome.stdout.length, 0, "nothing goes to stdout");
      const records = parseJsonLines(fs.readFileSync(file));
      assert.equal(records.length, LINES);
      assertAllLines(records, outcome.stderr);
      assertNothingUnwritten(outcome.stderr);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);

test(
  "an uncaught exception after logging: every line, then the uncaught_exception line, exit code 1",
  TEST_OPTIONS,
  async () => {
    const outcome = await finish(spawnFixture(FIXTURE, ["throw", String(LINES)]), "throw");
    assert.deepEqual(outcome.status, { code: 1, signal: null }, outcome.stderr);
    const records = parseJsonLines(outcome.stdout);
    assert.equal(records.length, LINES + 1);
    assertAllLines(records, outcome.stderr);
    assertCrashLine(records[LINES], "uncaught_exception", "boom from fixture");
    // Node's own report of the crash still reaches stderr.
    assert.match(outcome.stderr, /boom from fixture/);
    assertNothingUnwritten(outcome.stderr);
  },
);

test(
  "an exception thrown by the ESM main module's body: every line, then a critical crash line, exit code 1",
  TEST_OPTIONS,
  async () => {
    const outcome = await finish(spawnFixture(FIXTURE, ["throw-top-level", String(LINES)]), "throw-top-level");
    assert.deepEqual(outcome.status, { code: 1, signal: null }, outcome.stderr);
    const records = parseJsonLines(outcome.stdout);
    assert.equal(records.length, LINES + 1);
    assertAllLines(records, outcome.stderr);
    const crash = records[LINES];
    // Node reports a throw from an ES module's top level to uncaughtExceptionMonitor with origin
    // "unhandledRejection" (module evaluation is a promise), so either event name is accepted.
    assert.ok(crash?.event === "uncaught_exception" || crash?.event === "unhandled_rejection", JSON.stringify(crash));
    assertCrashLine(crash, crash.event as string, "top-level boom from fixture");
    assertNothingUnwritten(outcome.stderr);
  },
);

test(
  "an unhandled rejection after logging: every line, then the unhandled_rejection line, exit code 1",
  TEST_OPTIONS,
  async () => {
    const outcome = await finish(spawnFixture(FIXTURE, ["reject", String(LINES)]), "reject");
    assert.deepEqual(outcome.status, { code: 1, signal: null }, outcome.stderr);
    const records = parseJsonLines(outcome.stdout);
    assert.equal(records.length, LINES + 1);
    assertAllLines(records, outcome.stderr);
    assertCrashLine(records[LINES], "unhandled_rejection", "rejected from fixture");
    assertNothingUnwritten(outcome.stderr);
  },
);

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  test(`${signal}: every buffered line is written and the process still dies of ${signal}`, TEST_OPTIONS, async () => {
    const run = spawnFixture(FIXTURE, ["signal", String(LINES)]);
    const stderr = new LineWatcher(run.child.stderr);
    await withTimeout(
      stderr.next((line) => line === "ready"),
      SAFETY_MS,
      "ready",
      run,
    );
    // stdout has not been read so far: the lines wait in the child's buffer until the signal.
    assert.equal(run.child.stdout.readableFlowing, null);
    run.child.kill(signal);
    const [stdout, status] = await withTimeout(
      Promise.all([collect(run.child.stdout), run.exited, stderr.ended()]),
      SAFETY_MS,
      signal,
      run,
    );
    assert.deepEqual(status, { code: null, signal }, stderr.text());
    const records = parseJsonLines(stdout);
    assert.equal(records.length, LINES);
    assertAllLines(records, stderr.text());
    assertNothingUnwritten(stderr.text());
  });
}

test("natural exit (the event loop empties, no process.exit): every line is written", TEST_OPTIONS, async () => {
  const outcome = await finish(spawnFixture(FIXTURE, ["natural", String(LINES)]), "natural");
  assert.deepEqual(outcome.status, { code: 0, signal: null }, outcome.stderr);
  const records = parseJsonLines(outcome.stdout);
  assert.equal(records.length, LINES);
  assertAllLines(records, outcome.stderr);
  assertNothingUnwritten(outcome.stderr);
});

test(
  "a top-level `await flush()` with lines still queued resolves and the program goes on",
  {
    ...TEST_OPTIONS,
  },
  async () => {
    // ~2 MB, far more than the pipe holds, and stdout is read only once the child awaits
    // flush(): the lines are still queued, so flush() has to wait for the reader.
    const count = 20_000;
    const run = spawnFixture(FIXTURE, ["await-flush", String(count)]);
    const stderr = new LineWatcher(run.child.stderr);
    await withTimeout(
      stderr.next((line) => line === "awaiting-flush"),
      SAFETY_MS,
      "awaiting-flush",
      run,
    );
    const [stdout, status] = await withTimeout(
      Promise.all([collect(run.child.stdout), run.exited, stderr.ended()]),
      SAFETY_MS,
      "await-flush",
      run,
    );
    const records = parseJsonLines(stdout);
    assertAllLines(records, stderr.text(), count);
    assert.ok(stderr.lines.includes("after-flush"), `the code after \`await flush()\` ran: ${stderr.text()}`);
    assert.deepEqual(status, { code: 0, signal: null }, stderr.text());
  },
);
