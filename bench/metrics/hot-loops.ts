// hot path of the bench itself: cases inc, inc-bound, observe, observe-bound.
// Each loop rotates over LABEL_SETS label sets (or bound children) made before the clock starts,
// calling the library's own object directly. Warm-up passes of the same loop run first, so the
// timed pass measures optimised code; the exposition checked afterwards must account for every
// call of both passes, which also keeps the JIT from dropping any.

import { performance } from "node:perf_hooks";
import type { BenchCounter, BenchHistogram, BenchRegistry, Labels, MetricsContender } from "./contenders/index.ts";
import type { CaseId } from "./cases.ts";
import {
  BUCKETS,
  checkExposition,
  COUNTER_LABELS,
  COUNTER_NAME,
  counterLabelSets,
  HISTOGRAM_LABELS,
  HISTOGRAM_NAME,
  histogramLabelSets,
  LABEL_SETS,
  OBSERVATIONS,
} from "./workload.ts";

const SET_MASK = LABEL_SETS - 1;
const VALUE_MASK = OBSERVATIONS.length - 1;

type Bound<T> = readonly T[];

function incUnbound(counter: BenchCounter, sets: readonly Labels[], ops: number): void {
  for (let i = 0; i < ops; i++) counter.inc(sets[i & SET_MASK] as Labels);
}

function incBound(children: Bound<{ inc(): void }>, ops: number): void {
  for (let i = 0; i < ops; i++) (children[i & SET_MASK] as { inc(): void }).inc();
}

function observeUnbound(histogram: BenchHistogram, sets: readonly Labels[], ops: number): void {
  for (let i = 0; i < ops; i++) histogram.observe(sets[i & SET_MASK] as Labels, OBSERVATIONS[i & VALUE_MASK] as number);
}

function observeBound(children: Bound<{ observe(value: number): void }>, ops: number): void {
  for (let i = 0; i < ops; i++) {
    (children[i & SET_MASK] as { observe(value: number): void }).observe(OBSERVATIONS[i & VALUE_MASK] as number);
  }
}

/** The loop of one case, on a fresh registry, and the sample whose exposed values add up to its calls. */
function prepare(id: CaseId, registry: BenchRegistry): { loop: (ops: number) => void; sample: string } {
  if (id === "inc" || id === "inc-bound") {
    const counter = registry.counter(COUNTER_NAME, COUNTER_LABELS);
    const sets = counterLabelSets();
    const children = sets.map((labels) => counter.labels(labels));
    const loop =
      id === "inc" ? (ops: number) => incUnbound(counter, sets, ops) : (ops: number) => incBound(children, ops);
    return { loop, sample: COUNTER_NAME };
  }
  const histogram = registry.histogram(HISTOGRAM_NAME, HISTOGRAM_LABELS, BUCKETS);
  const sets = histogramLabelSets();
  const children = sets.map((labels) => histogram.labels(labels));
  const loop =
    id === "observe"
      ? (ops: number) => observeUnbound(histogram, sets, ops)
      : (ops: number) => observeBound(children, ops);
  return { loop, sample: `${HISTOGRAM_NAME}_count` };
}

/** The warm-up runs passes of a tenth of the calls until this long has passed (optimising compilers run concurrently). */
const WARM_UP_MS = 300;

/** Nanoseconds per call of case `id` over `ops` calls, after the warm-up. */
export async function nanosPerOp(id: CaseId, contender: MetricsContender, ops: number): Promise<number> {
  const registry = contender.registry();
  const { loop, sample } = prepare(id, registry);
  const pass = Math.max(10_000, Math.floor(ops / 10));
  let warmUp = 0;
  for (const warmStart = performance.now(); performance.now() - warmStart < WARM_UP_MS; warmUp += pass) loop(pass);
  const start = performance.now();
  loop(ops);
  const ns = ((performance.now() - start) * 1e6) / ops;
  checkExposition(await registry.expose(), sample, LABEL_SETS, warmUp + ops);
  return ns;
}
