// Helpers for tests that run a fixture program in a child process and inspect what it wrote.

import assert from "node:assert/strict";
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Readable } from "node:stream";

export interface ExitStatus {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface FixtureProcess {
  readonly child: ChildProcessWithoutNullStreams;
  /** Settles on the child's 'exit' event (its stdio may still hold unread data). */
  readonly exited: Promise<ExitStatus>;
}

/** Absolute path of `test/fixtures/<name>`. */
export function fixturePath(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

/** Runs `test/fixtures/<name>` with Node, all three stdio streams piped. */
export function spawnFixture(
  name: string,
  args: readonly string[] = [],
  nodeFlags: readonly string[] = [],
): FixtureProcess {
  const env = { ...process.env };
  // The environment wins over configure() options; the fixtures must see only their own.
  delete env.LOG_LEVEL;
  delete env.LOG_FORMAT;
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, [...nodeFlags, "--conditions=sightline:source", fixturePath(name), ...args], {
    stdio: "pipe",
    env,
  });
  const exited = new Promise<ExitStatus>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  return { child, exited };
}

/** Everything a stream yields until it ends. Starts reading at once. */
export function collect(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.once("error", reject);
    stream.once("end", () => resolve(Buffer.concat(chunks)));
  });
}

/**
 * Fails (and kills the child) when `promise` does not settle within `ms`: a safety net so a
 * hanging child fails the test instead of hanging it. Not a speed assertion.
 */
export async function withTimeout<T>(
  promise: Promise<T>,
  ms: number,
  what: string,
  child?: FixtureProcess,
): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      child?.child.kill("SIGKILL");
      reject(new Error(`${what}: nothing after ${ms} ms (safety timeout)`));
    }, ms);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Reads a stream line by line and lets a test wait for a line it expects. */
export class LineWatcher {
  readonly lines: string[] = [];
  #partial = "";
  #waiters: Array<{ match: (line: string) => boolean; resolve: (line: string) => void }> = [];
  #ended = false;
  #onEnd: Array<() => void> = [];

  constructor(stream: Readable) {
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const parts = (this.#partial + chunk).split("\n");
      this.#partial = parts.pop() ?? "";
      for (const line of parts) this.#add(line);
    });
    stream.once("end", () => {
      if (this.#partial !== "") this.#add(this.#partial);
      this.#partial = "";
      this.#ended = true;
      for (const resolve of this.#onEnd.splice(0)) resolve();
    });
  }

  #add(line: string): void {
    this.lines.push(line);
    for (const waiter of [...this.#waiters]) {
      if (waiter.match(line)) {
        this.#waiters.splice(this.#waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  }

  /** The first line (already read or still to come) that `match` accepts. */
  next(match: (line: string) => boolean): Promise<string> {
    const seen = this.lines.find(match);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve) => this.#waiters.push({ match, resolve }));
  }

  /** Resolves when the stream has ended. */
  ended(): Promise<void> {
    return this.#ended ? Promise.resolve() : new Promise((resolve) => this.#onEnd.push(resolve));
  }

  text(): string {
    return this.lines.join("\n") + this.#partial;
  }
}

/** The first line that parses to an object with `type === type` (fixtures report that way on stderr). */
export async function nextMessage(watcher: LineWatcher, type: string): Promise<Record<string, unknown>> {
  const line = await watcher.next((candidate) => {
    if (!candidate.startsWith("{")) return false;
    try {
      return (JSON.parse(candidate) as { type?: unknown }).type === type;
    } catch {
      return false;
    }
  });
  return JSON.parse(line) as Record<string, unknown>;
}

export type JsonRecord = Record<string, unknown>;

/**
 * Parses newline-delimited JSON. Every line must be complete (the text ends with a newline) and
 * valid JSON: a torn or interleaved line fails with its index and content.
 */
export function parseJsonLines(data: Buffer | string): JsonRecord[] {
  const text = typeof data === "string" ? data : data.toString("utf8");
  if (text === "") return [];
  assert.ok(text.endsWith("\n"), `output ends with a partial line: ${JSON.stringify(text.slice(-200))}`);
  const lines = text.slice(0, -1).split("\n");
  const records: JsonRecord[] = [];
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string;
    let record: unknown;
    try {
      record = JSON.parse(line);
    } catch {
      assert.fail(
        `line ${index} is not valid JSON: ${JSON.stringify(line.length > 400 ? `${line.slice(0, 400)}…` : line)}`,
      );
    }
    assert.ok(record !== null && typeof record === "object", `line ${index} is not a JSON object: ${line}`);
    records.push(record as JsonRecord);
  }
  return records;
}
