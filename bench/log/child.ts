// One measured run, in a fresh process: `child.ts <contender> <scenario> <lines> <file>`.
// Setup (loading the library, configuring, opening the file) is outside the clock; the clock
// covers every call of the scenario and the flush that puts the last line in the file. No
// warm-up pass: the first calls run cold in every contender alike. Prints one RESULT line.

import { performance } from "node:perf_hooks";
import { CONTENDERS } from "./contenders/index.ts";
import { printResult } from "../shared/result.ts";
import type { ChildResult } from "./result.ts";
import { runScenario, SCENARIO_IDS, type ScenarioId } from "./scenarios.ts";

async function main(args: string[]): Promise<void> {
  const [contenderId, scenario, linesText, file] = args;
  const info = CONTENDERS.find((candidate) => candidate.id === contenderId);
  if (info === undefined) throw new Error(`unknown contender ${JSON.stringify(contenderId)}`);
  if (!SCENARIO_IDS.includes(scenario as ScenarioId)) throw new Error(`unknown scenario ${JSON.stringify(scenario)}`);
  const id = scenario as ScenarioId;
  const lines = Number(linesText);
  if (!Number.isInteger(lines) || lines <= 0) throw new Error(`bad line count ${JSON.stringify(linesText)}`);
  if (file === undefined) throw new Error("no output file given");

  const setup = await info.load();
  const contender = await setup({ file, useContext: id === "c" || id === "d", redactSecrets: id === "d" });

  const start = performance.now();
  const calls = runScenario(id, contender, lines);
  await contender.flush();
  const ms = performance.now() - start;

  const result: ChildResult = { calls, ms, maxRssKiB: process.resourceUsage().maxRSS };
  printResult(result);
}

await main(process.argv.slice(2));
