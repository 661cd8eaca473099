// A cluster worker of case cluster: `cluster-worker.ts <contender> <series>` (forked by cluster.ts).
// Fills its registry, serves it to the primary's scrapes, and says it is ready with its total.

import { CONTENDERS } from "./contenders/index.ts";
import { READY, type ReadyMessage } from "./cluster.ts";
import { largeRegistry } from "./workload.ts";

const [contenderId, seriesText] = process.argv.slice(2);
const info = CONTENDERS.find((candidate) => candidate.id === contenderId);
if (info === undefined) throw new Error(`unknown contender ${JSON.stringify(contenderId)}`);
const contender = await info.load();
const { total } = largeRegistry(contender.workerRegistry(), Number(seriesText));
const ready: ReadyMessage = { type: READY, total };
process.send?.(ready);
