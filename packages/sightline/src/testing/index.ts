// Test helpers, public so users test their own logging the way Sightline tests itself.

import { PassThrough } from "node:stream";
import { configure, flush, type ConfigureOptions } from "../log/index.ts";
import { resetLogState } from "../log/configure.ts";
import { registry as defaultRegistry, type Registry } from "../metrics/index.ts";

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

/** One sample line of an exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
  /** The exemplar's labels, when the line carries one (OpenMetrics). */
  exemplar?: Record<string, string>;
}

/** Reads `{a="x",b="y"}` at `at`; returns the labels and the index after the closing brace. */
function readLabels(line: string, at: number): [Record<string, string>, number] {
  const labels: Record<string, string> = {};
  at++; // {
  while (line[at] !== "}") {
    const eq = line.indexOf("=", at);
    const name = line.slice(at, eq);
    let value = "";
    at = eq + 2; // ="
    while (line[at] !== '"') {
      if (line[at] === "\\") {
        value += line[at + 1] === "n" ? "\n" : line[at + 1];
        at += 2;
      } else value += line[at++];
    }
    labels[name] = value;
    at++; // closing quote
    if (line[at] === ",") at++;
  }
  return [labels, at + 1];
}

function parseValue(text: string): number {
  return text === "+Inf" ? Infinity : text === "-Inf" ? -Infinity : Number(text);
}

/**
 * Exposes a registry (default: the default one) and parses its samples, for assertions.
 *
 * @example
 * const samples = await scrapeMetrics();
 * assert.equal(samples.find((s) => s.name === "jobs_total")?.value, 1);
 * @since 0.1.0
 */
export async function scrapeMetrics(
  from: Registry = defaultRegistry,
  accept = "application/openmetrics-text; version=1.0.0",
): Promise<Sample[]> {
  const { body } = await from.expose(accept);
  const samples: Sample[] = [];
  for (const line of body.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    let at = 0;
    while (at < line.length && line[at] !== "{" && line[at] !== " ") at++;
    const name = line.slice(0, at);
    let labels: Record<string, string> = {};
    if (line[at] === "{") [labels, at] = readLabels(line, at);
    const rest = line.slice(at + 1).split(" ");
    const sample: Sample = { name, labels, value: parseValue(rest[0] as string) };
    if (rest[1] === "#") sample.exemplar = readLabels(line, line.indexOf(" # {", at) + 3)[0];
    samples.push(sample);
  }
  return samples;
}
