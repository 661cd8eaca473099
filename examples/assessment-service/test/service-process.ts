// The real assessment service in a child process, started as `npm start` starts it: Node with
// `--conditions=sightline:source src/main.ts` in the example's folder, in production (JSON lines on
// stdout), on a free 127.0.0.1 port, with a fresh DATA_DIR. Every stdout line must be a JSON log
// record; one that is not fails the test that reads the lines, quoting it. The child is killed if
// the test process exits first.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {
  LineWatcher,
  withTimeout,
  type ExitStatus,
  type FixtureProcess,
} from "../../../packages/sightline/test/helpers/child-process.ts";
import { parseStrictJson } from "../../../packages/sightline/test/helpers/strict-json.ts";

export type { ExitStatus } from "../../../packages/sightline/test/helpers/child-process.ts";

/** The example's folder: the child's working directory. */
export const SERVICE_DIR = path.resolve(import.meta.dirname, "..");

/** One stdout line: the fields every Sightline line has, then its own. */
export interface LogRecord {
  timestamp: string;
  level: string;
  event: string;
  logger: string;
  service: string;
  [field: string]: unknown;
}

export interface ServiceOptions {
  /** More environment variables (SHUTDOWN_DRAIN_MS, RATE_LIMIT_PER_MINUTE, DEMO, ...). */
  env?: Record<string, string>;
  /** How long to wait for `server_started`. Default 20 s. */
  startTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL. Default 10 s. */
  stopTimeoutMs?: number;
  /**
   * How it is started: `node` runs src/main.ts itself (default); `"npm start"` is what a newcomer
   * types at the repository root, so signals go to npm (its banner lines are left out of lines()).
   */
  launcher?: "node" | "npm start";
}

export interface ServiceProcess {
  /** `http://127.0.0.1:<port>`, from the `server_started` line. */
  readonly url: string;
  readonly pid: number;
  /** The DATA_DIR (removed by stop()). */
  readonly dataDir: string;
  /** Every stdout line so far, parsed; fails quoting the first line that is not a JSON log record. */
  lines(): LogRecord[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** The last `maxLines` stdout lines (default 200) and stderr, for failure messages. */
  output(maxLines?: number): string;
  /** Sends `sig` to the service. */
  signal(sig: NodeJS.Signals): void;
  /** Settles once the process has exited and its stdout and stderr have been read to the end. */
  readonly exited: Promise<ExitStatus>;
  /** SIGTERM (SIGKILL after the timeout) unless it has exited; removes DATA_DIR. Safe to call twice. */
  stop(): Promise<ExitStatus>;
}

const REQUIRED_FIELDS = ["timestamp", "level", "event", "logger", "service"] as const;

/** Parses one stdout line strictly (no duplicate keys) and checks the fields every line has. */
function parseLine(line: string, index: number): LogRecord {
  const quoted = JSON.stringify(line.length > 400 ? `${line.slice(0, 400)}…` : line);
  let record: unknown;
  try {
    record = parseStrictJson(line);
  } catch (error) {
    assert.fail(`stdout line ${index} is not valid JSON (${(error as Error).message}): ${quoted}`);
  }
  assert.ok(record !== null && typeof record === "object" && !Array.isArray(record), `line ${index}: ${quoted}`);
  for (const field of REQUIRED_FIELDS) {
    assert.equal(typeof (record as Record<string, unknown>)[field], "string", `line ${index} ${field}: ${quoted}`);
  }
  return record as LogRecord;
}

/** The event of a line, or undefined when it is not a JSON object (lines() reports those). */
function eventOf(line: string): unknown {
  try {
    return (JSON.parse(line) as { event?: unknown } | null)?.event;
  } catch {
    // not JSON: lines() fails on it, quoting the line
    return undefined;
  }
}

/** Starts the service and waits for its `server_started` line. */
export async function startService(options: ServiceOptions = {}): Promise<ServiceProcess> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "assessment-service-"));
  // Only PATH from the test's environment: a DATABASE_URL, SENTRY_DSN, LOG_LEVEL or
  // NODE_TEST_CONTEXT set for the test run must not change the service under test.
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "",
    ...(options.launcher === "npm start" && process.env.HOME !== undefined ? { HOME: process.env.HOME } : {}),
    ...options.env,
    HOST: "127.0.0.1",
    PORT: "0",
    NODE_ENV: "production",
    DATA_DIR: dataDir,
  };
  const viaNpm = options.launcher === "npm start";
  const child = viaNpm
    ? spawn("npm", ["start"], { cwd: path.resolve(SERVICE_DIR, "..", ".."), env, stdio: "pipe" })
    : spawn(process.execPath, ["--conditions=sightline:source", "src/main.ts"], {
        cwd: SERVICE_DIR,
        env,
        stdio: "pipe",
      });
  child.stdin.end();
  const stdout = new LineWatcher(child.stdout);
  const stderr = new LineWatcher(child.stderr);
  let lastChunk = "";
  child.stdout.on("data", (chunk: string) => (lastChunk = chunk)); // LineWatcher set the encoding

  const closed = new Promise<ExitStatus>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code, signal) => resolve({ code, signal }));
  });
  const exited = closed.then(async (status) => {
    await Promise.all([stdout.ended(), stderr.ended()]);
    return status;
  });
  const fixture: FixtureProcess = { child, exited };
  exited.catch(() => {
    // reported by whoever awaits `exited`; not an unhandled rejection meanwhile
  });

  // a test process that dies without stop() must leave no service and no directory behind
  const killOnExit = () => {
    child.kill("SIGKILL");
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once("exit", killOnExit);

  const output = (maxLines = 200) => {
    const shown = stdout.lines.slice(-maxLines);
    const skipped = stdout.lines.length - shown.length;
    const head = skipped > 0 ? `stdout (the last ${shown.length} of ${stdout.lines.length} lines):` : "stdout:";
    return `${head}\n${shown.join("\n")}\nstderr:\n${stderr.text().slice(-8192)}`;
  };
  const lines = (): LogRecord[] => {
    const isNpmBanner = (line: string) => viaNpm && (line === "" || line.startsWith("> "));
    const records = stdout.lines.filter((line) => !isNpmBanner(line)).map(parseLine);
    if (child.exitCode !== null || child.signalCode !== null) {
      assert.ok(lastChunk === "" || lastChunk.endsWith("\n"), `stdout ends with a partial line: ${lastChunk}`);
    }
    return records;
  };

  let stopping: Promise<ExitStatus> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), options.stopTimeoutMs ?? 10_000);
        await Promise.allSettled([exited]);
        clearTimeout(timer);
      }
      const status = await exited.catch((error: unknown) => ({ code: null, signal: null, error }));
      process.removeListener("exit", killOnExit);
      await rm(dataDir, { recursive: true, force: true, maxRetries: 3 });
      return status as ExitStatus;
    })());

  let started: string;
  try {
    const startedLine = stdout.next((line) => eventOf(line) === "server_started");
    const gaveUp = exited.then((status) => {
      throw new Error(`the service exited (${JSON.stringify(status)}) before server_started`);
    });
    started = await withTimeout(
      Promise.race([startedLine, gaveUp]),
      options.startTimeoutMs ?? 20_000,
      "server_started",
      fixture,
    );
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\n${output()}`, { cause: error });
  }
  const url = (JSON.parse(started) as { url?: unknown }).url;
  assert.equal(typeof url, "string", `server_started without a url: ${started}`);

  return {
    url: url as string,
    pid: child.pid as number,
    dataDir,
    lines,
    stderr: () => stderr.text(),
    output,
    signal: (sig) => void child.kill(sig),
    exited,
    stop,
  };
}
