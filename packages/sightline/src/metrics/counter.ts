// hot path; bench: bench/metrics (counter inc)
// A value that only goes up: requests served, submissions, errors.

import { exemplarText, type StoredExemplar } from "./internal/exemplar.ts";
import { flat, formatNumber } from "./internal/format.ts";
import { Metric, type Exemplar, type MetricOptions } from "./metric.ts";
import type { LabelValues, SeriesBase } from "./series.ts";

interface CounterSeries extends SeriesBase {
  /** `name_total{labels} `, flattened once: a body of fewer, larger pieces encodes faster. */
  head: string | undefined;
  value: number;
  exemplar: StoredExemplar | undefined;
}

/** A counter bound to one label set: `inc()` costs an addition. */
export class BoundCounter {
  readonly #series: CounterSeries;
  readonly #metric: Counter<string>;

  /** @internal use counter.labels() */
  constructor(metric: Counter<string>, series: CounterSeries) {
    this.#metric = metric;
    this.#series = series;
  }

  inc(value = 1, exemplar?: Exemplar): void {
    if (value >= 0 && value !== Infinity) {
      this.#series.value += value;
      if (exemplar !== undefined)
        this.#series.exemplar = this.#metric.keepExemplar(exemplar, value, this.#series.exemplar);
    } else this.#metric.rejectValue(value);
  }
}

/**
 * A monotonically increasing count. Name it with `_total`; the exposition adds it if missing.
 *
 * @example
 * const submissions = new Counter({ name: "assessment_submissions_total", help: "Submissions",
 *                                   labelNames: ["skill_area", "status"] });
 * submissions.inc({ skill_area: "math", status: "success" });
 * @see docs/metrics.md
 * @since 0.1.0
 */
export class Counter<const L extends string = never> extends Metric<CounterSeries> {
  readonly #base: string;

  constructor(options: MetricOptions<L>) {
    super("counter", options, []);
    this.#base = this.name.endsWith("_total") ? this.name.slice(0, -6) : this.name;
    return this.register();
  }

  /** Adds `value` (default 1) to the series for `labels`; a metric without labels takes the value first. */
  inc(
    ...args: [L] extends [never]
      ? [value?: number, exemplar?: Exemplar]
      : [labels: LabelValues<L>, value?: number, exemplar?: Exemplar]
  ): void;
  inc(first?: object | number, second?: number | Exemplar, third?: Exemplar): void {
    let series: CounterSeries;
    let value: number;
    let exemplar: Exemplar | undefined;
    if (typeof first === "object") {
      series = this.series.get(first);
      value = (second as number | undefined) ?? 1;
      exemplar = third;
    } else {
      series = this.series.get(undefined);
      value = first ?? 1;
      exemplar = second as Exemplar | undefined;
    }
    if (value >= 0 && value !== Infinity) {
      series.value += value;
      if (exemplar !== undefined) series.exemplar = this.keepExemplar(exemplar, value, series.exemplar);
    } else this.rejectValue(value);
  }

  /** The counter bound to one label set; keep it to skip the lookup on every update. */
  labels(labels: LabelValues<L>): BoundCounter {
    return new BoundCounter(this as Counter<string>, this.series.get(labels));
  }

  /** The current value for `labels` (for tests and health checks). */
  value(...args: [L] extends [never] ? [] : [labels: LabelValues<L>]): number {
    return this.series.get(args[0] as object | undefined).value;
  }

  /** @internal */
  rejectValue(value: unknown): void {
    this.reportInvalidValue(`counter increments must be finite and >= 0, got ${String(value)}`);
  }

  protected createSeries(labels: string, values: readonly string[]): CounterSeries {
    return { labels, values, head: undefined, value: 0, exemplar: undefined };
  }

  override get key(): string {
    return `${this.#base}_total`;
  }

  override exposedNames(): string[] {
    return [this.#base, `${this.#base}_total`, `${this.#base}_created`];
  }

  protected override familyName(openMetrics: boolean): string {
    return openMetrics ? this.#base : `${this.#base}_total`;
  }

  samples(openMetrics: boolean): string {
    const name = `${this.#base}_total`;
    let out = "";
    for (const series of this.series.all()) {
      series.head ??= flat(`${name}${series.labels === "" ? "" : `{${series.labels}}`} `);
      out += `${series.head}${formatNumber(series.value)}${openMetrics ? exemplarText(series.exemplar) : ""}\n`;
    }
    return out;
  }
}
