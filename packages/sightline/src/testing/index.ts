// Test helpers, public so users test their own logging the way Sightline tests itself.

import { PassThrough } from "node:stream";
import { configure, flush, type ConfigureOptions } from "../log/index.ts";
import { resetLogState } from "../log/configure.ts";

/** One parsed JSON line. */
export type LogRecord = Record<string, unknown> & { timestamp: string; level: string; event: string; logger: string };

/** What captureLogs() returns: the parsed lines so far, and the raw text. */
export interface CapturedLogs {
  /** Every line written so far, parsed (after a flush). */
  readonly records: LogRecord[];
  /** The raw text written so far. */
  text(): string;
  /** Waits until every line logged so far is captured. */
  flush(): Promise<void>;
}

/**
 * Configures Sightline to write JSON into memory and returns the captured lines. Options are
 * passed to configure() (`format` is forced to json unless given).
 *
 * @example
 * const logs = captureLogs();
 * log.info("assessment_started", { user_id: "u1" });
 * await logs.flush();
 * assert.equal(logs.records[0].event, "assessment_started");
 * @since 0.1.0
 */
export function captureLogs(options: ConfigureOptions = {}): CapturedLogs {
  const sink = new PassThrough();
  let raw = "";
  let partial = "";
  const records: LogRecord[] = [];
  sink.setEncoding("utf8");
  sink.on("data", (chunk: string) => {
    raw += chunk;
    const lines = (partial + chunk).split("\n");
    partial = lines.pop() ?? "";
    if (options.format !== "console") for (const line of lines) records.push(JSON.parse(line) as LogRecord);
  });
  configure({ format: "json", colors: false, ...options, destination: sink });
  return {
    records,
    text: () => raw,
    flush,
  };
}

/** Forgets configure() so each test starts from the defaults. */
export function resetForTests(): void {
  resetLogState();
}
