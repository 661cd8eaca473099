// The metrics, label sets and values every case uses, the same for both contenders, and the
// check that an exposition holds what was recorded.

import type { BenchCounter, BenchRegistry, Labels } from "./contenders/index.ts";

export const COUNTER_NAME = "bench_requests_total";
export const COUNTER_LABELS = ["service", "route", "status"] as const;
export const HISTOGRAM_NAME = "bench_request_duration_seconds";
export const HISTOGRAM_LABELS = ["method", "route"] as const;
/** 11 buckets (prom-client's defaults). */
export const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] as const;

/** The hot loops rotate over this many label sets, created before the clock starts (a power of two). */
export const LABEL_SETS = 8;

export function counterLabelSets(): Labels[] {
  return Array.from({ length: LABEL_SETS }, (_, i) => ({
    service: i % 2 === 0 ? "api" : "worker",
    route: `/api/v1/items/${i}`,
    status: i % 4 === 3 ? "500" : "200",
  }));
}

export function histogramLabelSets(): Labels[] {
  return Array.from({ length: LABEL_SETS }, (_, i) => ({
    method: i % 2 === 0 ? "GET" : "POST",
    route: `/api/v1/items/${i}`,
  }));
}

/** Observed values, spread over the buckets and +Inf (a power of two of them). */
export const OBSERVATIONS = [
  0.003, 0.007, 0.02, 0.04, 0.08, 0.2, 0.4, 0.8, 2, 4, 8, 12, 0.001, 0.3, 0.06, 1.5,
] as const;

/** The label set of series `i` of the large registries: every one distinct. */
function seriesLabels(i: number): Labels {
  return { service: `svc_${i % 10}`, route: `/api/v1/resource_${i}/items`, status: String(200 + (i % 5)) };
}

/** Gives the counter `count` series, series i incremented by (i % 7) + 1; returns the sum of all. */
export function fillSeries(counter: BenchCounter, count: number): number {
  let total = 0;
  for (let i = 0; i < count; i++) {
    const value = (i % 7) + 1;
    counter.inc(seriesLabels(i), value);
    total += value;
  }
  return total;
}

/** A registry holding one counter with `count` series (3 labels each); returns it and the counter's total. */
export function largeRegistry(registry: BenchRegistry, count: number): { registry: BenchRegistry; total: number } {
  const counter = registry.counter(COUNTER_NAME, COUNTER_LABELS);
  return { registry, total: fillSeries(counter, count) };
}

/**
 * Throws unless the exposition has exactly `series` samples named `sample` (with labels) whose
 * values add up to `total`: what was recorded is what is exposed, so no update was optimised
 * away, lost, or folded into an overflow series.
 */
export function checkExposition(body: string, sample: string, series: number, total: number): void {
  const prefix = `${sample}{`;
  let count = 0;
  let sum = 0;
  for (const line of body.split("\n")) {
    if (!line.startsWith(prefix)) continue;
    count++;
    sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  if (count !== series || sum !== total) {
    throw new Error(`${sample}: expected ${series} series adding up to ${total}, exposed ${count} adding up to ${sum}`);
  }
}
