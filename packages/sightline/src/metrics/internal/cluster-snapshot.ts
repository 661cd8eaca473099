// Copies the metrics of one process into a MetricSnapshot list: what a worker sends the primary,
// and what the primary takes of its own registry.

import { getLogger } from "../../log/index.ts";
import type { Histogram } from "../histogram.ts";
import type { Metric } from "../metric.ts";
import type { Registry } from "../registry.ts";
import type { SeriesBase } from "../series.ts";
import { toWire, type MetricSnapshot, type WireNumber } from "./cluster-protocol.ts";

interface ValueSeries extends SeriesBase {
  readonly value: number;
}

interface HistogramSeries extends SeriesBase {
  readonly counts: Float64Array;
  readonly sum: number;
  readonly count: number;
}

const log = getLogger("sightline.metrics");
let collectLate = false;

function snapshotMetric(metric: Metric): MetricSnapshot {
  const labels: string[] = [];
  const values: WireNumber[] = [];
  const snapshot: MetricSnapshot = {
    // counters are filed under their `_total` name, whether or not they were given it
    name: metric.key,
    help: metric.help,
    type: metric.type,
    labelNames: [...metric.labelNames],
    labels,
    values,
  };
  if (metric.unit !== undefined) snapshot.unit = metric.unit;
  if (metric.type === "histogram") {
    snapshot.buckets = [...(metric as Histogram<string>).bounds];
    for (const series of metric.allSeries() as Iterable<HistogramSeries>) {
      labels.push(series.labels);
      // bucket counts are integers: no toWire needed
      for (const count of series.counts) values.push(count);
      values.push(toWire(series.sum), series.count);
    }
  } else {
    for (const series of metric.allSeries() as Iterable<ValueSeries>) {
      labels.push(series.labels);
      values.push(toWire(series.value));
    }
  }
  return snapshot;
}

/** Runs the `collect` callbacks, waiting at most `timeoutMs`: a stuck one must not keep the answer. */
async function collectWithin(metrics: readonly Metric[], timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Set<string>();
  const collects = metrics.map(async function collectOne(metric) {
    pending.add(metric.name);
    try {
      await metric.collect();
    } catch (error) {
      // Gauge reports its own failures; this is for other Metric subclasses
      log.exception("metric_collect_failed", error, { metric: metric.name });
    }
    pending.delete(metric.name);
  });
  const late = new Promise<"late">((resolve) => {
    timer = setTimeout(resolve, timeoutMs, "late"); // ref'd: a script awaiting a scrape gets its answer, not an early exit
  });
  const outcome = await Promise.race([Promise.all(collects), late]);
  clearTimeout(timer);
  // once per run of late scrapes, not once per scrape
  if (outcome === "late" && !collectLate)
    log.error("metric_collect_timeout", { metrics: [...pending], timeout_ms: timeoutMs });
  collectLate = outcome === "late";
}

/**
 * Runs the `collect` callbacks (as an exposition would, for at most `collectTimeoutMs`), then
 * copies every metric. A name registered in two of the registries is taken from the first.
 */
export async function snapshotRegistries(
  registries: Iterable<Registry>,
  collectTimeoutMs: number,
): Promise<MetricSnapshot[]> {
  const metrics = new Map<string, Metric>();
  for (const registry of registries) {
    for (const metric of registry.metrics()) if (!metrics.has(metric.key)) metrics.set(metric.key, metric);
  }
  await collectWithin([...metrics.values()], collectTimeoutMs);
  return [...metrics.values()].map(snapshotMetric);
}
