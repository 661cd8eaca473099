// A destination that stops reading never blocks the program nor grows its memory without bound:
// what cannot be written waits in a queue of at most maxBufferBytes, lines beyond it are dropped
// and counted, and a `log_lines_dropped` warning reports them once the destination recovers.
// At exit, a destination that still does not read cannot hold the process past exitTimeoutMs.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, test } from "node:test";
import { setImmediate as yieldToLoop, setTimeout as sleep } from "node:timers/promises";
import { configure, flush, getDroppedCount, getLogger } from "sightline";
import { resetForTests } from "sightline/testing";
import {
  collect,
  LineWatcher,
  nextMessage,
  parseJsonLines,
  spawnFixture,
  withTimeout,
  type JsonRecord,
} from "./helpers/child-process.ts";

const FIXTURE = "stalled-stdout-child.ts";
/** Safety net only: a child that hangs fails the test instead of hanging it. */
const SAFETY_MS = 30_000;
const TEST_OPTIONS = { timeout: 3 * SAFETY_MS };
const MiB = 1024 * 1024;
/** Lines are handed to the destination in batches of this many characters (destination.ts). */
const BATCH_CHARS = 64 * 1024;

afterEach(() => resetForTests());

interface MemorySample {
  heapUsed: number;
  external: number;
  rss: number;
}

function mib(bytes: number): string {
  return `${(bytes / MiB).toFixed(1)} MiB`;
}

/** Every `log_lines_dropped` warning, checked for shape; returns the sum of their counts. */
function droppedReported(records: readonly JsonRecord[]): { warnings: number; total: number } {
  const warnings = records.filter((record) => record.event === "log_lines_dropped");
  let total = 0;
  for (const warning of warnings) {
    assert.equal(warning.level, "warning");
    assert.equal(warning.logger, "sightline");
    assert.equal(typeof warning.dropped, "number");
    assert.ok((warning.dropped as number) > 0, JSON.stringify(warning));
    total += warning.dropped as number;
  }
  return { warnings: warnings.length, total };
}

/** Sequence numbers of the delivered lines only go up: dropping never reorders. */
function assertIncreasing(lines: readonly JsonRecord[]): void {
  for (let index = 1; index < lines.length; index++) {
    const previous = (lines[index - 1] as JsonRecord).i as number;
    const current = (lines[index] as JsonRecord).i as number;
    if (!(current > previous)) assert.fail(`line ${index}: i=${current} after i=${previous}`);
  }
}

/**
 * The child logs `lines` ~200-byte lines to a stdout pipe the parent does not read, with a 1 MiB
 * maxBufferBytes; then the parent reads and the child logs one more line, awaits flush() and exits.
 */
async function stalledStdoutScenario(target: "stdout" | "fd1", lines: number, safetyMs: number): Promise<void> {
  const run = spawnFixture(FIXTURE, ["bounded", String(lines), target], ["--expose-gc"]);
  const stderr = new LineWatcher(run.child.stderr);
  try {
    // The parent reads none of stdout until the child says it is done: a writer that blocked
    // on the full pipe would never get there.
    const done = await withTimeout(
      nextMessage(stderr, "done"),
      safetyMs,
      "the child finishing its loop while its stdout is not read (blocked on the pipe?)",
      run,
    );
    assert.equal(run.child.stdout.readableFlowing, null, "the parent has not read stdout");

    const droppedAtDone = done.dropped as number;
    assert.ok(droppedAtDone > 0, `lines were dropped (${droppedAtDone})`);
    assert.ok(droppedAtDone < lines, `not every line was dropped (${droppedAtDone})`);

    // With a 1 MiB queue, what the child retains after a GC (heap plus Buffers) stays far below
    // the ~63 MB the main scenario produces.
    const before = done.before as MemorySample;
    const after = done.after as MemorySample;
    const growth = after.heapUsed + after.external - (before.heapUsed + before.external);
    assert.ok(
      growth < 30 * MiB,
      `retained memory grew by ${mib(growth)} (heap ${mib(before.heapUsed)} → ${mib(after.heapUsed)}, ` +
        `external ${mib(before.external)} → ${mib(after.external)}, rss ${mib(before.rss)} → ${mib(after.rss)})`,
    );

    // Start reading; the child logs one more line, awaits flush() and exits.
    const stdout = collect(run.child.stdout);
    run.child.stdin.write("go\n");
    const final = await withTimeout(nextMessage(stderr, "final"), SAFETY_MS, "flush() after reading resumed", run);
    run.child.stdin.end();
    const [output, status] = await withTimeout(
      Promise.all([stdout, run.exited, stderr.ended()]),
      SAFETY_MS,
      "the child exiting",
      run,
    );
    assert.deepEqual(status, { code: 0, signal: null }, stderr.text());

    // No torn lines: everything that arrived parses.
    const records = parseJsonLines(output);
    const delivered = records.filter((record) => record.event === "stalled_line");
    const afterGo = records.filter((record) => record.event === "after_go");
    assert.ok(delivered.length > 0);
    assertIncreasing(delivered);

    // Every line was either delivered or counted as dropped, and every drop was reported.
    const droppedAtEnd = final.dropped as number;
    assert.ok(droppedAtEnd >= droppedAtDone && droppedAtEnd <= droppedAtDone + 1, `dropped: ${droppedAtEnd}`);
    assert.equal(delivered.length + afterGo.length + droppedAtEnd, lines + 1, "delivered + dropped = logged");
    const reported = droppedReported(records);
    assert.ok(reported.warnings >= 1, "a log_lines_dropped warning was written");
    assert.equal(reported.total, droppedAtEnd, "the warnings report every dropped line");
    assert.doesNotMatch(stderr.text(), /could not be written before exit|log destination failed/);
  } finally {
    run.child.kill("SIGKILL");
  }
}

test(
  "stdout nobody reads: the program keeps going, memory stays bounded, drops are counted and reported once reading resumes",
  TEST_OPTIONS,
  async () => {
    // 300,000 lines of ~210 bytes: ~63 MB, 60 times maxBufferBytes.
    await stalledStdoutScenario("stdout", 300_000, SAFETY_MS);
  },
);

test(
  "destination { fd: 1 } on a pipe nobody reads does not block the program either",
  {
    ...TEST_OPTIONS,
  },
  async () => {
    // ~4 MB; the child normally reports in well under a second. The short safety net keeps the
    // suite quick while the bug makes the child hang.
    await stalledStdoutScenario("fd1", 20_000, 10_000);
  },
);
test(
  "exit while stdout is not read does not hang: the flush gives up at exitTimeoutMs and says so on stderr",
  TEST_OPTIONS,
  async () => {
    const LINES = 50_000; // ~10 MB: far more than the pipe and the parent's stream buffer hold
    const run = spawnFixture(FIXTURE, ["exit", String(LINES)]);
    const stderr = new LineWatcher(run.child.stderr);
    try {
      const status = await withTimeout(run.exited, SAFETY_MS, "the child exiting with a stalled stdout", run);
      await withTimeout(stderr.ended(), SAFETY_MS, "the child's stderr", run);
      assert.deepEqual(status, { code: 0, signal: null }, stderr.text());
      const logged = await nextMessage(stderr, "logged");
      assert.equal(logged.dropped, 0, "below maxBufferBytes nothing is dropped before exit");
      const report = /sightline: (\d+) log line\(s\) \((\d+) bytes\) could not be written before exit/.exec(
        stderr.text(),
      );
      assert.ok(report !== null, `stderr reports the unwritten lines: ${stderr.text()}`);
      const unwritten = Number(report[1]);
      assert.ok(unwritten > 0 && unwritten <= LINES, `unwritten lines: ${unwritten}`);
      assert.ok(Number(report[2]) > 0);
    } finally {
      run.child.stdout.destroy();
      run.child.kill("SIGKILL");
    }
  },
);

/** A Writable that takes one chunk and then does not call back until released. */
class StalledWritable extends Writable {
  readonly chunks: Buffer[] = [];
  #stalled = true;
  #pending: ((error?: Error | null) => void) | undefined;

  constructor() {
    super({ highWaterMark: 1024 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.chunks.push(chunk);
    if (this.#stalled) this.#pending = callback;
    else callback();
  }

  received(): number {
    return this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  release(): void {
    this.#stalled = false;
    const callback = this.#pending;
    this.#pending = undefined;
    callback?.();
  }
}

test(
  "a Writable that stops calling back: the queue is bounded by maxBufferBytes, drops are counted, reported after release",
  TEST_OPTIONS,
  async () => {
    const MAX_BUFFER_BYTES = 256 * 1024;
    const LINES = 20_000; // ~4 MB
    const stream = new StalledWritable();
    configure({ format: "json", destination: stream, maxBufferBytes: MAX_BUFFER_BYTES });
    const log = getLogger("writable");
    const pad = "x".repeat(120);
    for (let i = 0; i < LINES; i++) {
      log.info("line", { i, pad });
      if (i % 500 === 499) await yieldToLoop();
    }
    await yieldToLoop();

    const dropped = getDroppedCount();
    assert.ok(dropped > 0, "lines were dropped");
    assert.ok(dropped < LINES, "not every line was dropped");
    // The stream got one batch before it stalled; everything else waited in Sightline's queue.
    assert.ok(stream.received() <= BATCH_CHARS + 1024, `the stream received ${stream.received()} bytes while stalled`);

    stream.release();
    await flush();
    await yieldToLoop(); // the warning line is written on the next turn
    await flush();

    const records = parseJsonLines(Buffer.concat(stream.chunks));
    const lines = records.filter((record) => record.logger === "writable");
    assertIncreasing(lines);
    assert.equal(lines.length + dropped, LINES, "delivered + dropped = logged");
    assert.equal(getDroppedCount(), dropped, "nothing more was dropped once the stream recovered");
    const reported = droppedReported(records);
    assert.ok(reported.warnings >= 1, "a log_lines_dropped warning reached the stream");
    assert.equal(reported.total, dropped);

    // What was held while the stream stalled (and delivered afterwards) is one batch in the
    // stream plus at most maxBufferBytes in the queue.
    const held = lines.reduce((sum, record) => sum + Buffer.byteLength(`${JSON.stringify(record)}\n`), 0);
    assert.ok(held <= MAX_BUFFER_BYTES + BATCH_CHARS + 1024, `held ${held} bytes`);
    assert.ok(held >= MAX_BUFFER_BYTES - BATCH_CHARS, `the queue was used (held ${held} bytes)`);
  },
);

/** Runs `pump` every millisecond until `promise` settles. */
async function pumpUntil(promise: Promise<unknown>, pump: () => void): Promise<void> {
  let settled = false;
  void promise.then(
    () => (settled = true),
    () => (settled = true),
  );
  while (!settled) {
    pump();
    await sleep(1);
  }
  pump();
}

test(
  "a maxBufferBytes below one write batch never tears a line when a pipe accepts only part of a batch",
  {
    ...TEST_OPTIONS,
    skip: process.platform === "win32" ? "needs a FIFO" : false,
  },
  async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-fifo-"));
    const fifo = path.join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    const readFd = fs.openSync(fifo, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
    const writeFd = fs.openSync(fifo, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
    try {
      // Fill the pipe with 4 KiB blocks (each written whole or not at all), then read one back:
      // the next write is accepted for one page only, mid-batch and mid-line.
      const block = Buffer.from(`${"#".repeat(4095)}\n`);
      let prefix = 0;
      for (;;) {
        try {
          prefix += fs.writeSync(writeFd, block);
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code === "EAGAIN") break;
          throw error;
        }
      }
      prefix -= fs.readSync(readFd, Buffer.alloc(block.length));

      configure({ format: "json", destination: { fd: writeFd }, maxBufferBytes: 32 * 1024 });
      const log = getLogger("fifo");
      const LINES = 2_000; // ~400 KB
      for (let i = 0; i < LINES; i++) log.info("line", { i, pad: "x".repeat(150) });

      const chunks: Buffer[] = [];
      const drain = (): void => {
        for (;;) {
          const buffer = Buffer.alloc(256 * 1024);
          let read: number;
          try {
            read = fs.readSync(readFd, buffer);
          } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "EAGAIN") return;
            throw error;
          }
          if (read === 0) return;
          chunks.push(buffer.subarray(0, read));
        }
      };
      await pumpUntil(flush(), drain);
      await yieldToLoop(); // the warning line is written on the next turn
      await pumpUntil(flush(), drain);

      const records = parseJsonLines(Buffer.concat(chunks).subarray(prefix));
      const lines = records.filter((record) => record.logger === "fifo");
      assertIncreasing(lines);
      const dropped = getDroppedCount();
      assert.ok(dropped > 0);
      assert.equal(lines.length + dropped, LINES, "delivered + dropped = logged");
      assert.equal(droppedReported(records).total, dropped);
    } finally {
      resetForTests();
      fs.closeSync(writeFd);
      fs.closeSync(readFd);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
