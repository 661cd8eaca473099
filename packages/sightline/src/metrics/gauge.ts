// A value that goes up and down: connections in use, queue depth, temperature.

import { flat, formatNumber } from "./internal/format.ts";
import { is, type OptionRules } from "../internal/options.ts";
import { Metric, METRIC_RULES, type MetricOptions } from "./metric.ts";
import type { LabelValues, SeriesBase } from "./series.ts";
import { getLogger } from "../log/index.ts";

interface GaugeSeries extends SeriesBase {
  /** `name{labels} `, flattened once (see flat()). */
  head: string | undefined;
  value: number;
}

/** Gauge options: a `collect` callback refreshes the value right before each exposition. */
export interface GaugeOptions<L extends string> extends MetricOptions<L> {
  collect?: (this: Gauge<L>, gauge: Gauge<L>) => void | Promise<void>;
}

type LabelArgs<L extends string> = [L] extends [never] ? [] : [labels: LabelValues<L>];

const log = getLogger("sightline.metrics");
const GAUGE_RULES: OptionRules<GaugeOptions<string>> = { ...METRIC_RULES, collect: is.function };

/** A gauge bound to one label set. */
export class BoundGauge {
  readonly #series: GaugeSeries;

  /** @internal use gauge.labels() */
  constructor(series: GaugeSeries) {
    this.#series = series;
  }

  set(value: number): void {
    this.#series.value = value;
  }

  inc(value = 1): void {
    this.#series.value += value;
  }

  dec(value = 1): void {
    this.#series.value -= value;
  }
}

/**
 * A value that can go up and down.
 *
 * @example
 * new Gauge({ name: "db_active_connections", help: "Connections in use",
 *             collect() { this.set(pool.activeCount); } });
 * @see docs/metrics.md
 * @since 0.1.0
 */
export class Gauge<const L extends string = never> extends Metric<GaugeSeries> {
  readonly #collect: GaugeOptions<L>["collect"];
  #collectFailed = false;

  constructor(options: GaugeOptions<L>) {
    super("gauge", options, [], GAUGE_RULES);
    this.#collect = options.collect;
    return this.register();
  }

  /** Sets the value for `labels` (a gauge without labels takes only the value). */
  set(...args: [L] extends [never] ? [value: number] : [labels: LabelValues<L>, value: number]): void;
  set(first: object | number, second?: number): void {
    if (typeof first === "object") this.series.get(first).value = second as number;
    else this.series.get(undefined).value = first;
  }

  inc(...args: [L] extends [never] ? [value?: number] : [labels: LabelValues<L>, value?: number]): void;
  inc(first?: object | number, second?: number): void {
    if (typeof first === "object") this.series.get(first).value += second ?? 1;
    else this.series.get(undefined).value += first ?? 1;
  }

  dec(...args: [L] extends [never] ? [value?: number] : [labels: LabelValues<L>, value?: number]): void;
  dec(first?: object | number, second?: number): void {
    if (typeof first === "object") this.series.get(first).value -= second ?? 1;
    else this.series.get(undefined).value -= first ?? 1;
  }

  /** Sets the value to the current time in seconds. */
  setToCurrentTime(...args: LabelArgs<L>): void {
    this.series.get(args[0] as object | undefined).value = Date.now() / 1000;
  }

  /** Starts a timer; `end()` sets the gauge to the seconds elapsed and returns them. */
  startTimer(startLabels?: Partial<LabelValues<L>>): (endLabels?: Partial<LabelValues<L>>) => number {
    const start = process.hrtime.bigint();
    return (endLabels) => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      this.series.get({ ...startLabels, ...endLabels }).value = seconds;
      return seconds;
    };
  }

  labels(labels: LabelValues<L>): BoundGauge {
    return new BoundGauge(this.series.get(labels));
  }

  value(...args: LabelArgs<L>): number {
    return this.series.get(args[0] as object | undefined).value;
  }

  override async collect(): Promise<void> {
    if (this.#collect === undefined) return;
    try {
      await this.#collect.call(this, this);
      this.#collectFailed = false;
    } catch (error) {
      // once per run of failures, not once per scrape
      if (!this.#collectFailed) log.exception("metric_collect_failed", error, { metric: this.name });
      this.#collectFailed = true;
    }
  }

  protected createSeries(labels: string, values: readonly string[]): GaugeSeries {
    return { labels, values, head: undefined, value: 0 };
  }

  samples(): string {
    let out = "";
    for (const series of this.series.all()) {
      series.head ??= flat(`${this.name}${series.labels === "" ? "" : `{${series.labels}}`} `);
      out += `${series.head}${formatNumber(series.value)}\n`;
    }
    return out;
  }
}
