// The logging suite: `npm run bench -- log [--runs N] [--lines N] [--only a,c] [--contenders pino,sightline]`.
// Every (contender, scenario, run) is a fresh child process (log/child.ts); runs are interleaved
// so that drift in the machine spreads over all contenders alike. Each output file is checked
// (line count, fields, no secrets) before its result counts; a failed check stops the bench.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fail, parseList, positiveInteger } from "../shared/cli.ts";
import { runChild } from "../shared/child-process.ts";
import { machine } from "../shared/machine.ts";
import { stringOption, type OptionValues, type Suite } from "../shared/suite.ts";
import { checkOutput } from "./check.ts";
import type { ChildResult } from "./result.ts";
import { CONTENDERS } from "./contenders/index.ts";
import { markdownTable, runKey, targetVerdicts, type Runs } from "./report.ts";
import { SCENARIO_IDS, SCENARIOS } from "./scenarios.ts";

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), "child.ts");

function options(values: OptionValues) {
  return {
    runs: positiveInteger(stringOption(values, "runs"), "--runs", 5),
    lines: positiveInteger(stringOption(values, "lines"), "--lines", 200_000),
    scenarios: parseList(stringOption(values, "only"), SCENARIO_IDS, "--only"),
    contenders: parseList(
      stringOption(values, "contenders"),
      CONTENDERS.map((contender) => contender.id),
      "--contenders",
    ),
  };
}

function run(values: OptionValues, source: boolean): string {
  const opts = options(values);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-bench-"));
  const runs: Runs = new Map();
  const started = Date.now();
  try {
    for (let run = 1; run <= opts.runs; run++) {
      for (const scenario of opts.scenarios) {
        for (const contender of opts.contenders) {
          const file = path.join(dir, `${contender}-${scenario}-${run}.log`);
          const what = `${contender} (${scenario})`;
          const args = [contender, scenario, String(opts.lines), file];
          const result = runChild(child, args, source, what) as ChildResult;
          try {
            checkOutput(file, SCENARIOS[scenario], SCENARIOS[scenario].writes ? opts.lines : 0);
          } catch (error) {
            fail(`${what}, run ${run}: ${error instanceof Error ? error.message : String(error)}`);
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
  return [
    `## Logging benchmark`,
    "",
    `${machine()} · ${opts.lines.toLocaleString("en-US")} lines · median of ${opts.runs} runs · ` +
      `Sightline from ${source ? "source" : "dist/"} · ${seconds} s`,
    "",
    markdownTable(runs, opts.scenarios),
    "",
    targetVerdicts(runs, opts.scenarios),
    "",
  ].join("\n");
}

export const suite: Suite = { options: ["lines", "only", "contenders"], run };
