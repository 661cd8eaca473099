// One measured run of the metrics suite, in a fresh process: `child.ts <contender> <case> <ops>`.
// <ops> is the call count of the hot-loop cases. Prints one result line (MetricsResult).

import { printResult } from "../shared/result.ts";
import { CASE_IDS, CLUSTER_WORKERS, SERIES, type CaseId, type MetricsResult } from "./cases.ts";
import { timeClusterScrapes } from "./cluster.ts";
import { CONTENDERS } from "./contenders/index.ts";
import { timeExposition } from "./exposition.ts";
import { nanosPerOp } from "./hot-loops.ts";

async function main(args: string[]): Promise<void> {
  const [contenderId, caseId, opsText] = args;
  const info = CONTENDERS.find((candidate) => candidate.id === contenderId);
  if (info === undefined) throw new Error(`unknown contender ${JSON.stringify(contenderId)}`);
  if (!CASE_IDS.includes(caseId as CaseId)) throw new Error(`unknown case ${JSON.stringify(caseId)}`);
  const id = caseId as CaseId;
  const ops = Number(opsText);
  if (!Number.isInteger(ops) || ops <= 0) throw new Error(`bad op count ${JSON.stringify(opsText)}`);

  const contender = await info.load();
  let result: MetricsResult;
  if (id === "expose") result = await timeExposition(contender, SERIES);
  else if (id === "cluster") result = await timeClusterScrapes(info.id, contender, SERIES, CLUSTER_WORKERS);
  else result = { value: await nanosPerOp(id, contender, ops) };
  printResult(result);
}

await main(process.argv.slice(2));
