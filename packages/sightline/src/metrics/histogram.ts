// hot path; bench: bench/metrics (histogram observe)
// Distributions: request durations, payload sizes. Bucket counts are kept per bucket and made
// cumulative only when exposed, so an observation increments one slot.

import { SightlineError } from "../internal/errors.ts";
import { exemplarText, type StoredExemplar } from "./internal/exemplar.ts";
import { exemplarHook } from "../internal/tracing-seam.ts";
import { formatNumber } from "./internal/format.ts";
import { is, type OptionRules } from "../internal/options.ts";
import { Metric, METRIC_RULES, type Exemplar, type MetricOptions } from "./metric.ts";
import type { LabelValues, SeriesBase } from "./series.ts";

/** OpenTelemetry's advisory buckets for HTTP request durations, in seconds. */
export const DEFAULT_BUCKETS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
];

interface HistogramSeries extends SeriesBase {
  /** counts[i] observations fell in bucket i (not cumulative); the last slot is +Inf. */
  readonly counts: Float64Array;
  sum: number;
  count: number;
  exemplars: Array<StoredExemplar | undefined> | undefined;
}

export interface HistogramOptions<L extends string> extends MetricOptions<L> {
  /** Upper bounds, increasing. Default: {@link DEFAULT_BUCKETS}. */
  buckets?: readonly number[];
}

/** buckets has its own check (increasing, finite). */
const HISTOGRAM_RULES: OptionRules<HistogramOptions<string>> = { ...METRIC_RULES, buckets: is.any };

type LabelArgs<L extends string> = [L] extends [never] ? [] : [labels: LabelValues<L>];

function record(metric: Histogram<string>, series: HistogramSeries, value: number, exemplar?: Exemplar): void {
  const bounds = metric.bounds;
  let i = 0;
  while (i < bounds.length && value > (bounds[i] as number)) i++;
  (series.counts[i] as number)++;
  series.sum += value;
  series.count++;
  // none given: the active sampled span's ids, when the OpenTelemetry bridge is on
  if (exemplar === undefined && exemplarHook.active !== undefined) exemplar = exemplarHook.active();
  if (exemplar !== undefined) {
    const slots = (series.exemplars ??= []);
    slots[i] = metric.keepExemplar(exemplar, value, slots[i]);
  }
}

/** A histogram bound to one label set. */
export class BoundHistogram {
  readonly #series: HistogramSeries;
  readonly #metric: Histogram<string>;

  /** @internal use histogram.labels() */
  constructor(metric: Histogram<string>, series: HistogramSeries) {
    this.#metric = metric;
    this.#series = series;
  }

  observe(value: number, exemplar?: Exemplar): void {
    if (typeof value === "number" && value === value) record(this.#metric, this.#series, value, exemplar);
    else this.#metric.rejectValue(value);
  }

  /** Starts a timer; `end()` observes the seconds elapsed and returns them. */
  startTimer(): () => number {
    const start = process.hrtime.bigint();
    return () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      this.observe(seconds);
      return seconds;
    };
  }
}

/**
 * Counts observations into buckets, with their sum and count.
 *
 * @example
 * const duration = new Histogram({ name: "db_query_duration_seconds", help: "Query time",
 *                                  labelNames: ["query_type"], buckets: [0.001, 0.01, 0.1, 1] });
 * const end = duration.startTimer({ query_type: "select" });
 * end();
 * @see docs/metrics.md
 * @since 0.1.0
 */
export class Histogram<const L extends string = never> extends Metric<HistogramSeries> {
  /** @internal */
  readonly bounds: Float64Array;
  readonly #bucketLabels: string[];

  constructor(options: HistogramOptions<L>) {
    super("histogram", options, ["le"], HISTOGRAM_RULES);
    const buckets = options.buckets ?? DEFAULT_BUCKETS;
    if (
      !Array.isArray(buckets) ||
      buckets.length === 0 ||
      buckets.some((b, i) => typeof b !== "number" || !Number.isFinite(b) || (i > 0 && b <= (buckets[i - 1] as number)))
    ) {
      throw new SightlineError(
        "SIGHTLINE_ERR_INVALID_METRIC_OPTION",
        `buckets of ${this.name}: a non-empty list of finite, strictly increasing numbers`,
      );
    }
    this.bounds = Float64Array.from(buckets);
    this.#bucketLabels = [...buckets.map((b) => `le="${formatNumber(b)}"`), 'le="+Inf"'];
    return this.register();
  }

  override exposedNames(): string[] {
    return ["", "_bucket", "_sum", "_count", "_created"].map((suffix) => this.name + suffix);
  }

  override definition(): string {
    return JSON.stringify([super.definition(), [...this.bounds]]);
  }

  observe(
    ...args: [L] extends [never]
      ? [value: number, exemplar?: Exemplar]
      : [labels: LabelValues<L>, value: number, exemplar?: Exemplar]
  ): void;
  observe(first: object | number, second?: number | Exemplar, third?: Exemplar): void {
    let series: HistogramSeries;
    let value: number;
    let exemplar: Exemplar | undefined;
    if (typeof first === "object") {
      series = this.series.get(first);
      value = second as number;
      exemplar = third;
    } else {
      series = this.series.get(undefined);
      value = first;
      exemplar = second as Exemplar | undefined;
    }
    if (typeof value === "number" && value === value) record(this as Histogram<string>, series, value, exemplar);
    else this.rejectValue(value);
  }

  /** Starts a timer; `end(labels?)` observes the seconds elapsed (labels merged) and returns them. */
  startTimer(startLabels?: Partial<LabelValues<L>>): (endLabels?: Partial<LabelValues<L>>) => number {
    const start = process.hrtime.bigint();
    return (endLabels) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      record(this as Histogram<string>, this.series.get({ ...startLabels, ...endLabels }), seconds);
      return seconds;
    };
  }

  labels(labels: LabelValues<L>): BoundHistogram {
    return new BoundHistogram(this as Histogram<string>, this.series.get(labels));
  }

  /** Count and sum for `labels` (for tests). */
  value(...args: LabelArgs<L>): { count: number; sum: number } {
    const series = this.series.get(args[0] as object | undefined);
    return { count: series.count, sum: series.sum };
  }

  /** @internal */
  rejectValue(value: unknown): void {
    this.reportInvalidValue(`histogram observations must be numbers, got ${String(value)}`);
  }

  protected createSeries(labels: string, values: readonly string[]): HistogramSeries {
    return { labels, values, counts: new Float64Array(this.bounds.length + 1), sum: 0, count: 0, exemplars: undefined };
  }

  samples(openMetrics: boolean): string {
    const name = this.name;
    const bucketLabels = this.#bucketLabels;
    let out = "";
    for (const series of this.series.all()) {
      const prefix = series.labels === "" ? "{" : `{${series.labels},`;
      const labels = series.labels === "" ? "" : `{${series.labels}}`;
      let cumulative = 0;
      for (let i = 0; i < bucketLabels.length; i++) {
        cumulative += series.counts[i] as number;
        const exemplar = openMetrics ? exemplarText(series.exemplars?.[i]) : "";
        out += `${name}_bucket${prefix}${bucketLabels[i]}} ${cumulative}${exemplar}\n`;
      }
      out += `${name}_sum${labels} ${formatNumber(series.sum)}\n${name}_count${labels} ${series.count}\n`;
    }
    return out;
  }
}
