// The benchmark driver: `npm run bench -- log [--runs N] [--lines N] [--only a,c] [--contenders pino,sightline]
// [--save] [--source]` (bench/README.md says what each does).
// Every (contender, scenario, run) is a fresh child process (bench/log/child.ts); runs are
// interleaved so that drift in the machine spreads over all contenders alike. Each output file
// is checked (line count, fields, no secrets) before its result counts; a failed check stops the
// bench. Progress goes to stderr, the Markdown table to stdout.

import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { checkOutput } from "./log/check.ts";
import { RESULT_PREFIX, type ChildResult } from "./log/result.ts";
import { CONTENDERS } from "./log/contenders/index.ts";
import { markdownTable, runKey, targetVerdicts, type Runs } from "./log/report.ts";
import { SCENARIO_IDS, SCENARIOS, type ScenarioId } from "./log/scenarios.ts";

const here = path.dirname(fileURLToPath(import.meta.url));
const SUITES = ["log"];

function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

function positiveInteger(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) fail(`${name} takes a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

function parseList<T extends string>(text: string | undefined, known: readonly T[], name: string): T[] {
  if (text === undefined) return [...known];
  const picked = text.split(",").map((item) => item.trim());
  const unknown = picked.filter((item) => !known.includes(item as T));
  if (unknown.length > 0) fail(`${name}: unknown ${unknown.join(", ")} (known: ${known.join(", ")})`);
  return known.filter((item) => picked.includes(item));
}

function options() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: "string" },
      lines: { type: "string" },
      only: { type: "string" },
      contenders: { type: "string" },
      save: { type: "boolean" },
      source: { type: "boolean" },
    },
  });
  const suite = positionals[0];
  if (suite === undefined || !SUITES.includes(suite)) fail(`name a suite: ${SUITES.join(", ")}`);
  return {
    runs: positiveInteger(values.runs, "--runs", 5),
    lines: positiveInteger(values.lines, "--lines", 200_000),
    scenarios: parseList(values.only, SCENARIO_IDS, "--only"),
    contenders: parseList(
      values.contenders,
      CONTENDERS.map((contender) => contender.id),
      "--contenders",
    ),
    save: values.save === true,
    /** Children load Sightline's compiled dist/, as users do (npm run bench builds it), unless --source. */
    dist: values.source !== true,
  };
}

/** The environment of a child: without variables that would reconfigure a logger under test. */
function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ["LOG_LEVEL", "LOG_FORMAT", "NODE_OPTIONS", "FORCE_COLOR"]) delete env[name];
  return env;
}

function runChild(contender: string, scenario: ScenarioId, lines: number, file: string, dist: boolean): ChildResult {
  const child = path.join(here, "log", "child.ts");
  const args = [...(dist ? [] : ["--conditions=sightline:source"]), child, contender, scenario, String(lines), file];
  const result = spawnSync(process.execPath, args, { encoding: "utf8", env: childEnv(), maxBuffer: 16 << 20 });
  const what = `${contender} (${scenario})`;
  if (result.error !== undefined) fail(`${what}: ${result.error.message}`);
  if (result.stderr.trim() !== "") process.stderr.write(`${what} wrote on stderr:\n${result.stderr}`);
  if (result.status !== 0) fail(`${what} exited with ${result.status ?? result.signal}`);
  const line = result.stdout.split("\n").find((candidate) => candidate.startsWith(RESULT_PREFIX));
  if (line === undefined) fail(`${what} printed no result:\n${result.stdout}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as ChildResult;
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${new Date().toISOString()} · ${os.availableParallelism()} CPUs (${cpu}) · Node ${process.version} · ${os.platform()} ${os.release()}`;
}

function main(): void {
  const opts = options();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-bench-"));
  const runs: Runs = new Map();
  const started = Date.now();
  try {
    for (let run = 1; run <= opts.runs; run++) {
      for (const scenario of opts.scenarios) {
        for (const contender of opts.contenders) {
          const file = path.join(dir, `${contender}-${scenario}-${run}.log`);
          const result = runChild(contender, scenario, opts.lines, file, opts.dist);
          try {
            checkOutput(file, SCENARIOS[scenario], SCENARIOS[scenario].writes ? opts.lines : 0);
          } catch (error) {
            fail(`${contender} (${scenario}), run ${run}: ${error instanceof Error ? error.message : String(error)}`);
          }
          fs.rmSync(file, { force: true });
          const key = runKey(scenario, contender);
          runs.set(key, [...(runs.get(key) ?? []), result]);
          const rate = Math.round(result.calls / (result.ms / 1000)).toLocaleString("en-US");
          const rss = ((result.maxRssKiB * 1024) / 1e6).toFixed(0);
          process.stderr.write(`run ${run}/${opts.runs} (${scenario}) ${contender}: ${rate}/s, peak RSS ${rss} MB\n`);
        }
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const report = [
    `## Logging benchmark`,
    "",
    `${machine()} · ${opts.lines.toLocaleString("en-US")} lines · median of ${opts.runs} runs · ` +
      `Sightline from ${opts.dist ? "dist/" : "source"} · ${seconds} s`,
    "",
    markdownTable(runs, opts.scenarios),
    "",
    targetVerdicts(runs, opts.scenarios),
    "",
  ].join("\n");
  process.stdout.write(report);
  if (opts.save) {
    const out = path.join(here, "results", `log-${new Date().toISOString().replace(/[:.]/g, "-")}.md`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, report);
    process.stderr.write(`saved ${path.relative(process.cwd(), out)}\n`);
  }
}

main();
