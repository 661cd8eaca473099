// Merges the snapshots of the cluster's processes into one exposition. Each metric keeps its
// series in flat arrays indexed by slot, found by label text; a snapshot is merged in chunks
// with a turn of the event loop between them, and the body is built in one pass at the end.

import { setImmediate as nextTurn } from "node:timers/promises";
import { getLogger } from "../../log/index.ts";
import type { MetricType } from "../metric.ts";
import { escapeHelp, escapeLabelValue, formatNumber } from "./format.ts";
import { fromWire, stride, type MetricSnapshot, type WireNumber } from "./cluster-protocol.ts";

/** How the series of one metric from several processes become one. @since 0.1.0 */
export type ClusterAggregation = "sum" | "perWorker" | "max" | "min" | "avg" | "first";

export const AGGREGATIONS: readonly ClusterAggregation[] = ["sum", "perWorker", "max", "min", "avg", "first"];

/** Series merged between two turns of the event loop. */
const CHUNK = 10_000;
const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const TYPES: readonly string[] = ["counter", "gauge", "histogram"];

const log = getLogger("sightline.metrics");
const reported = new Set<string>();

export function reportOnce(event: string, fields: Record<string, string>): void {
  const key = `${event} ${JSON.stringify(fields)}`;
  if (reported.has(key) || reported.size >= 100) return;
  reported.add(key);
  log.warning(event, fields);
}

interface MergedMetric {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly unit: string | undefined;
  readonly buckets: readonly number[] | undefined;
  readonly aggregation: ClusterAggregation;
  /** The label that tells workers apart under perWorker (`worker`, unless the metric has one). */
  readonly workerLabel: string;
  readonly stride: number;
  readonly slots: Map<string, number>;
  readonly labels: string[];
  /** `stride` numbers per slot. */
  readonly data: number[];
  /** Processes that contributed to each slot (for avg). */
  readonly sources: number[];
}

/**
 * A snapshot entry as sent: shape checked, since it crossed a process boundary (label texts
 * are checked once, when they arrive: see LabelCache).
 */
function wellFormed(entry: unknown): entry is MetricSnapshot {
  if (entry === null || typeof entry !== "object") return false;
  const m = entry as MetricSnapshot;
  if (typeof m.name !== "string" || !METRIC_NAME.test(m.name) || typeof m.help !== "string") return false;
  if (!TYPES.includes(m.type) || (m.unit !== undefined && typeof m.unit !== "string")) return false;
  if (!Array.isArray(m.labelNames) || !Array.isArray(m.labels) || !Array.isArray(m.values)) return false;
  if (m.type === "histogram" && !(Array.isArray(m.buckets) && m.buckets.every((b) => typeof b === "number"))) {
    return false;
  }
  return m.values.length === m.labels.length * stride(m);
}

function sameBuckets(a: readonly number[] | undefined, b: readonly number[] | undefined): boolean {
  return a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((x, i) => x === b[i]));
}

export class ClusterMerge {
  readonly #aggregate: ReadonlyMap<string, ClusterAggregation>;
  readonly #metrics = new Map<string, MergedMetric>();
  #sinceTurn = 0;

  constructor(aggregate: ReadonlyMap<string, ClusterAggregation>) {
    this.#aggregate = aggregate;
  }

  /** Merges the snapshot of one process; `worker` is its value of the worker label. */
  async add(snapshot: unknown, worker: string): Promise<void> {
    if (!Array.isArray(snapshot)) return;
    for (const entry of snapshot as unknown[]) {
      if (!wellFormed(entry)) {
        reportOnce("cluster_snapshot_invalid", { worker });
        continue;
      }
      const metric = this.#metric(entry);
      if (metric === undefined) continue;
      const suffix = `${metric.workerLabel}="${escapeLabelValue(worker)}"`;
      for (let from = 0; from < entry.labels.length; from += CHUNK) {
        const to = Math.min(entry.labels.length, from + CHUNK);
        this.#merge(metric, entry, from, to, metric.aggregation === "perWorker" ? suffix : undefined);
        this.#sinceTurn += to - from;
        // leave room for the application between chunks of a large merge
        if (this.#sinceTurn >= CHUNK) {
          this.#sinceTurn = 0;
          await nextTurn();
        }
      }
    }
  }

  /** The merged metric `entry` adds to, or undefined when it conflicts with what came first. */
  #metric(entry: MetricSnapshot): MergedMetric | undefined {
    const existing = this.#metrics.get(entry.name);
    if (existing !== undefined) {
      if (existing.type === entry.type && sameBuckets(existing.buckets, entry.buckets)) return existing;
      reportOnce("cluster_metric_conflict", {
        metric: entry.name,
        detail: "processes define it with different types or buckets; kept the first definition",
      });
      return undefined;
    }
    // a counter is filed under its `_total` name; `aggregate` may use either
    const base = entry.type === "counter" ? entry.name.replace(/_total$/, "") : entry.name;
    let aggregation =
      this.#aggregate.get(entry.name) ?? this.#aggregate.get(base) ?? (entry.type === "gauge" ? "perWorker" : "sum");
    if (entry.type === "histogram" && (aggregation === "max" || aggregation === "min" || aggregation === "avg")) {
      reportOnce("cluster_aggregation_unsupported", {
        metric: entry.name,
        detail: `${aggregation} does not apply to histograms; summed instead`,
      });
      aggregation = "sum";
    }
    const metric: MergedMetric = {
      name: entry.name,
      help: entry.help,
      type: entry.type,
      unit: entry.unit,
      buckets: entry.buckets,
      aggregation,
      workerLabel: entry.labelNames.includes("worker") ? "cluster_worker" : "worker",
      stride: stride(entry),
      slots: new Map(),
      labels: [],
      data: [],
      sources: [],
    };
    this.#metrics.set(entry.name, metric);
    return metric;
  }

  #merge(metric: MergedMetric, entry: MetricSnapshot, from: number, to: number, suffix: string | undefined): void {
    const { slots, labels, data, sources, aggregation } = metric;
    const width = metric.stride;
    const values = entry.values;
    for (let i = from; i < to; i++) {
      let key = entry.labels[i] as string;
      const at = i * width;
      let slot: number | undefined;
      // per worker, every series is new: a process sends each label set once
      if (suffix !== undefined) key = key === "" ? suffix : `${key},${suffix}`;
      // processes running the same code list their series in the same order: try slot i first
      else slot = labels[i] === key ? i : slots.get(key);
      if (slot === undefined) {
        if (suffix === undefined) slots.set(key, labels.length);
        labels.push(key);
        sources.push(1);
        for (let k = 0; k < width; k++) data.push(fromWire(values[at + k] as WireNumber));
        continue;
      }
      if (aggregation === "first" || aggregation === "perWorker") continue;
      (sources[slot] as number)++;
      const base = slot * width;
      for (let k = 0; k < width; k++) {
        const value = fromWire(values[at + k] as WireNumber);
        const current = data[base + k] as number;
        data[base + k] =
          aggregation === "max"
            ? Math.max(current, value)
            : aggregation === "min"
              ? Math.min(current, value)
              : current + value;
      }
    }
  }

  /** The exposition of everything merged, as Registry.expose writes it (without exemplars). */
  render(openMetrics: boolean): string {
    let out = "";
    for (const metric of this.#metrics.values()) {
      const base = metric.type === "counter" && metric.name.endsWith("_total") ? metric.name.slice(0, -6) : metric.name;
      const family = metric.type === "counter" && !openMetrics ? `${base}_total` : base;
      out += `# HELP ${family} ${escapeHelp(metric.help, openMetrics)}\n# TYPE ${family} ${metric.type}\n`;
      if (openMetrics && metric.unit !== undefined) out += `# UNIT ${family} ${metric.unit}\n`;
      out += metric.type === "histogram" ? renderHistogram(metric) : renderValues(metric, base);
    }
    return openMetrics ? `${out}# EOF\n` : out;
  }
}

function renderValues(metric: MergedMetric, base: string): string {
  const name = metric.type === "counter" ? `${base}_total` : metric.name;
  const { labels, data, sources } = metric;
  const avg = metric.aggregation === "avg";
  let out = "";
  for (let slot = 0; slot < labels.length; slot++) {
    const text = labels[slot] as string;
    const value = (data[slot] as number) / (avg ? (sources[slot] as number) : 1);
    out += `${name}${text === "" ? "" : `{${text}}`} ${formatNumber(value)}\n`;
  }
  return out;
}

function renderHistogram(metric: MergedMetric): string {
  const name = metric.name;
  const bucketLabels = [...(metric.buckets ?? []).map((b) => `le="${formatNumber(b)}"`), 'le="+Inf"'];
  const { labels, data } = metric;
  const width = metric.stride;
  let out = "";
  for (let slot = 0; slot < labels.length; slot++) {
    const text = labels[slot] as string;
    const prefix = text === "" ? "{" : `{${text},`;
    const plain = text === "" ? "" : `{${text}}`;
    const at = slot * width;
    let cumulative = 0;
    for (let i = 0; i < bucketLabels.length; i++) {
      cumulative += data[at + i] as number;
      out += `${name}_bucket${prefix}${bucketLabels[i]}} ${cumulative}\n`;
    }
    const sum = data[at + bucketLabels.length] as number;
    const count = data[at + bucketLabels.length + 1] as number;
    out += `${name}_sum${plain} ${formatNumber(sum)}\n${name}_count${plain} ${count}\n`;
  }
  return out;
}
