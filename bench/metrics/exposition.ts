// Case expose: the exposition of a registry of SERIES series, timed one by one after a warm-up,
// with the longest event-loop block during each. The clock covers expose() and encoding its
// body to UTF-8, as sending it does (`res.end(body)`): a body built by string concatenation is a
// rope whose flattening is paid there, not inside expose(). The call alone is reported too.

import { performance } from "node:perf_hooks";
import { setImmediate as nextTurn } from "node:timers/promises";
import { median } from "../shared/stats.ts";
import type { MetricsContender } from "./contenders/index.ts";
import type { MetricsResult } from "./cases.ts";
import { measureBlocking } from "./event-loop.ts";
import { checkExposition, COUNTER_NAME, largeRegistry } from "./workload.ts";

const WARM_UP = 5;
const TIMED = 25;

/** Times `produce` (expose or scrape) and the encoding of its body; its body and the call's own ms. */
export async function produceAndEncode(produce: () => Promise<string>): Promise<{ body: string; callMs: number }> {
  const start = performance.now();
  const body = await produce();
  const callMs = performance.now() - start;
  if (Buffer.from(body, "utf8").length < body.length) throw new Error("exposition lost bytes in encoding");
  return { body, callMs };
}

export async function timeExposition(contender: MetricsContender, series: number): Promise<MetricsResult> {
  const { registry, total } = largeRegistry(contender.registry(), series);
  const expose = () => registry.expose();
  for (let i = 0; i < WARM_UP; i++) checkExposition((await produceAndEncode(expose)).body, COUNTER_NAME, series, total);
  const times: number[] = [];
  const callTimes: number[] = [];
  let blockMs = 0;
  let body = "";
  for (let i = 0; i < TIMED; i++) {
    await nextTurn();
    const measured = await measureBlocking(() => produceAndEncode(expose));
    times.push(measured.ms);
    callTimes.push(measured.result.callMs);
    blockMs = Math.max(blockMs, measured.blockMs);
    body = measured.result.body;
  }
  checkExposition(body, COUNTER_NAME, series, total);
  return { value: median(times), callMs: median(callTimes), blockMs };
}
