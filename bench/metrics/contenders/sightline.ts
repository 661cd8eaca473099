// Sightline's metrics as users write them: `new Counter({ ..., registers: [registry] })`.

import { Counter, Histogram, Registry, clusterMetrics, serveClusterWorker } from "sightline/metrics";
import type { BenchCounter, BenchHistogram, BenchRegistry, MetricsContender } from "./index.ts";

/**
 * Sightline keeps at most 2,000 label sets per metric by default (further ones share an overflow
 * series); the 10,000-series cases need more.
 */
const MAX_SERIES = 100_000;

function wrap(registry: Registry): BenchRegistry {
  return {
    counter: (name, labelNames) =>
      new Counter({
        name,
        help: "Bench counter",
        labelNames,
        registers: [registry],
        maxSeries: MAX_SERIES,
      }) as unknown as BenchCounter,
    histogram: (name, labelNames, buckets) =>
      new Histogram({
        name,
        help: "Bench histogram",
        labelNames,
        buckets,
        registers: [registry],
        maxSeries: MAX_SERIES,
      }) as unknown as BenchHistogram,
    expose: async () => (await registry.expose()).body,
  };
}

export const contender: MetricsContender = {
  registry: () => wrap(new Registry()),
  workerRegistry() {
    const registry = new Registry();
    serveClusterWorker({ registry });
    return wrap(registry);
  },
  clusterScrape(timeoutMs) {
    const metrics = clusterMetrics({ registry: new Registry(), timeoutMs });
    return async () => (await metrics.expose()).body;
  },
};
