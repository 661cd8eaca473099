// Case cluster: the primary forks real node:cluster workers, each holding SERIES series, and
// times scrapes of the merged exposition (after a warm-up), watching its own event loop. As in
// case expose, the clock covers encoding the body too; the scrape call alone is reported as well.

import cluster, { type Worker } from "node:cluster";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { median } from "../shared/stats.ts";
import type { MetricsContender } from "./contenders/index.ts";
import type { MetricsResult } from "./cases.ts";
import { watchEventLoop } from "./event-loop.ts";
import { produceAndEncode } from "./exposition.ts";
import { checkExposition, COUNTER_NAME } from "./workload.ts";

export const READY = "sightline-bench:ready";
export interface ReadyMessage {
  type: typeof READY;
  /** The sum of the worker's counter. */
  total: number;
}

const WARM_UP = 3;
const TIMED = 15;
/** Both libraries' scrapes wait this long for the workers (prom-client's is fixed at 5 s). */
const TIMEOUT_MS = 5000;

function forkWorker(): { worker: Worker; ready: Promise<number> } {
  const worker = cluster.fork();
  const ready = new Promise<number>((resolve, reject) => {
    worker.on("message", (message: Partial<ReadyMessage>) => {
      if (message?.type === READY && typeof message.total === "number") resolve(message.total);
    });
    worker.on("exit", (code, signal) => reject(new Error(`worker ${worker.id} exited early (${code ?? signal})`)));
  });
  return { worker, ready };
}

export async function timeClusterScrapes(
  contenderId: string,
  contender: MetricsContender,
  series: number,
  workers: number,
): Promise<MetricsResult> {
  const exec = path.join(path.dirname(fileURLToPath(import.meta.url)), "cluster-worker.ts");
  cluster.setupPrimary({ exec, args: [contenderId, String(series)] });
  const forked = Array.from({ length: workers }, forkWorker);
  try {
    const total = (await Promise.all(forked.map((entry) => entry.ready))).reduce((x, y) => x + y, 0);
    const scrape = contender.clusterScrape(TIMEOUT_MS);
    for (let i = 0; i < WARM_UP; i++)
      checkExposition((await produceAndEncode(scrape)).body, COUNTER_NAME, series, total);
    const times: number[] = [];
    const callTimes: number[] = [];
    let body = "";
    const stopWatching = watchEventLoop();
    for (let i = 0; i < TIMED; i++) {
      // a timer turn between scrapes, so the watcher never sees two scrapes as one block
      await sleep(5);
      const start = performance.now();
      const scraped = await produceAndEncode(scrape);
      times.push(performance.now() - start);
      callTimes.push(scraped.callMs);
      body = scraped.body;
    }
    const blockMs = stopWatching();
    checkExposition(body, COUNTER_NAME, series, total);
    return { value: median(times), callMs: median(callTimes), blockMs };
  } finally {
    for (const { worker } of forked) {
      worker.removeAllListeners("exit");
      worker.kill();
    }
  }
}
