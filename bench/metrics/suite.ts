// The metrics suite: `npm run bench -- metrics [--runs N] [--ops N] [--only inc,expose] [--contenders sightline]`.
// Sightline against prom-client, side by side: every (contender, case, run) is a fresh child
// process (metrics/child.ts), runs interleaved as in the logging suite. Each child checks its
// own exposition (series count and total) before it reports.

import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseList, positiveInteger } from "../shared/cli.ts";
import { runChild } from "../shared/child-process.ts";
import { machine } from "../shared/machine.ts";
import { stringOption, type OptionValues, type Suite } from "../shared/suite.ts";
import { CASE_IDS, CASES, type CaseId, type MetricsResult } from "./cases.ts";
import { CONTENDER_IDS } from "./contenders/index.ts";
import { markdownTable, runKey, targetVerdicts, type Runs } from "./report.ts";

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), "child.ts");

/** Bound calls cost a fraction of unbound ones: they run this many times as many, for a similar clock. */
const BOUND_FACTOR = 4;

function opsOf(id: CaseId, ops: number): number {
  return id.endsWith("-bound") ? ops * BOUND_FACTOR : ops;
}

function progress(id: CaseId, result: MetricsResult): string {
  const { unit } = CASES[id];
  const call = result.callMs === undefined ? "" : ` (call alone ${result.callMs.toFixed(2)})`;
  const block = result.blockMs === undefined ? "" : `, longest block ${result.blockMs.toFixed(2)} ms`;
  return `${result.value.toFixed(unit === "ns/op" ? 1 : 2)} ${unit}${call}${block}`;
}

function run(values: OptionValues, source: boolean): string {
  const runsWanted = positiveInteger(stringOption(values, "runs"), "--runs", 5);
  const ops = positiveInteger(stringOption(values, "ops"), "--ops", 5_000_000);
  const cases = parseList(stringOption(values, "only"), CASE_IDS, "--only");
  const contenders = parseList(stringOption(values, "contenders"), CONTENDER_IDS, "--contenders");
  const runs: Runs = new Map();
  const started = Date.now();
  for (let run = 1; run <= runsWanted; run++) {
    for (const id of cases) {
      for (const contender of contenders) {
        const what = `${contender} (${id})`;
        const result = runChild(child, [contender, id, String(opsOf(id, ops))], source, what) as MetricsResult;
        const key = runKey(id, contender);
        runs.set(key, [...(runs.get(key) ?? []), result]);
        process.stderr.write(`run ${run}/${runsWanted} (${id}) ${contender}: ${progress(id, result)}\n`);
      }
    }
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  const opsText = `${ops.toLocaleString("en-US")} calls per hot-loop run (bound: ${(ops * BOUND_FACTOR).toLocaleString("en-US")})`;
  return [
    `## Metrics benchmark`,
    "",
    `${machine()} · ${opsText} · median of ${runsWanted} runs · Sightline from ${source ? "source" : "dist/"} · ${seconds} s`,
    "",
    markdownTable(runs, cases),
    "",
    targetVerdicts(runs, cases),
    "",
  ].join("\n");
}

export const suite: Suite = { options: ["ops", "only", "contenders"], run };
