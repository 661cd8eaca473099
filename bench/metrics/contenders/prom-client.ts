// prom-client 15, set up as its README shows: metrics in a Registry; for node:cluster, workers
// use the global registry and the primary an AggregatorRegistry.

import client from "prom-client";
import type { BenchCounter, BenchHistogram, BenchRegistry, MetricsContender } from "./index.ts";

function wrap(registry: client.Registry): BenchRegistry {
  return {
    counter: (name, labelNames) =>
      new client.Counter({ name, help: "Bench counter", labelNames, registers: [registry] }) as BenchCounter,
    histogram: (name, labelNames, buckets) =>
      new client.Histogram({
        name,
        help: "Bench histogram",
        labelNames,
        buckets: [...buckets],
        registers: [registry],
      }) as BenchHistogram,
    expose: () => registry.metrics(),
  };
}

export const contender: MetricsContender = {
  registry: () => wrap(new client.Registry()),
  workerRegistry() {
    // Workers answer the primary only once an AggregatorRegistry exists in them (its constructor
    // installs the listener); prom-client's cluster example runs the same file in both.
    new client.AggregatorRegistry();
    return wrap(client.register);
  },
  clusterScrape() {
    // prom-client's scrape timeout is fixed at 5 s
    const aggregator = new client.AggregatorRegistry();
    return () => aggregator.clusterMetrics();
  },
};
