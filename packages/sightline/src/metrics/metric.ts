// What Counter, Gauge and Histogram share: validated definition, series index, registration
// and the once-per-metric reports of label mistakes and series overflow.

import { arrayOf, checkOptions, is, type OptionRule, type OptionRules } from "../internal/options.ts";
import { getLogger } from "../log/index.ts";
import { checkHelp, checkLabelNames, checkMetricName, checkPositiveInteger, checkUnit } from "./internal/validate.ts";
import { escapeHelp } from "./internal/format.ts";
import { exemplarSize, MAX_EXEMPLAR_CHARS, storeExemplar, type StoredExemplar } from "./internal/exemplar.ts";
import { defaultHost, type MetricHost } from "./host.ts";
import { SeriesIndex, type SeriesBase } from "./series.ts";

/** Options every metric takes. @since 0.1.0 */
export interface MetricOptions<L extends string> {
  /** Prometheus name: letters, digits, `_` and `:`. */
  name: string;
  /** What the metric measures, shown as `# HELP`. */
  help: string;
  /** Label names; every update then passes a value for each. */
  labelNames?: readonly L[];
  /** OpenMetrics unit (`seconds`, `bytes`); the name must end with it. */
  unit?: string;
  /** Registries to join. Default: the default `registry`. `[]` joins none. */
  registers?: readonly MetricHost<Metric>[];
  /** Label sets kept before new ones go to the overflow series. Default 2000. */
  maxSeries?: number;
}

export type MetricType = "counter" | "gauge" | "histogram";

/** Labels attached to one observation, typically `{ trace_id, span_id }`. */
export type Exemplar = Readonly<Record<string, string>>;

export const DEFAULT_MAX_SERIES = 2000;

const log = getLogger("sightline.metrics");

/** A Registry, duck-typed: registry.ts imports this module (see host.ts). */
export const registryRule: OptionRule = {
  expected: "a Registry",
  test: (value) => typeof (value as Partial<MetricHost<unknown>> | null)?.adopt === "function",
};

/** The options every metric takes; name, help, labels, unit and maxSeries have checks of their own. */
export const METRIC_RULES: OptionRules<MetricOptions<string>> = {
  name: is.any,
  help: is.any,
  labelNames: is.any,
  unit: is.any,
  registers: arrayOf(registryRule),
  maxSeries: is.any,
};

export abstract class Metric<S extends SeriesBase = SeriesBase> {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly labelNames: readonly string[];
  readonly unit: string | undefined;
  protected readonly series: SeriesIndex<S>;
  readonly #reported = new Set<string>();
  readonly #registries: readonly MetricHost<Metric>[];

  protected constructor(
    type: MetricType,
    options: MetricOptions<string>,
    reservedLabels: readonly string[],
    rules: OptionRules<MetricOptions<string>> = METRIC_RULES,
  ) {
    const where = `new ${type[0]?.toUpperCase()}${type.slice(1)}(${JSON.stringify(options?.name ?? "")})`;
    checkOptions(where, options, rules, "SIGHTLINE_ERR_INVALID_METRIC_OPTION");
    this.name = checkMetricName(options.name);
    this.help = checkHelp(this.name, options.help);
    this.type = type;
    this.labelNames = Object.freeze([...checkLabelNames(this.name, options.labelNames, reservedLabels)]);
    this.unit = checkUnit(this.name, options.unit);
    this.#registries = options.registers ?? [defaultHost<Metric>()];
    this.series = new SeriesIndex<S>({
      metric: this.name,
      labelNames: this.labelNames,
      maxSeries: checkPositiveInteger(this.name, "maxSeries", options.maxSeries, DEFAULT_MAX_SERIES),
      create: (labels, values) => this.createSeries(labels, values),
      onOverflow: () => this.#overflowed(),
      onInvalid: (problem) => this.#report("metric_labels_invalid", problem),
    });
  }

  protected abstract createSeries(labels: string, values: readonly string[]): S;

  /** The exposition text of this metric's samples (without HELP/TYPE). */
  abstract samples(openMetrics: boolean): string;

  /** The name a registry files this metric under (counters: with `_total`). */
  get key(): string {
    return this.name;
  }

  /** Every sample or family name the exposition uses, which no other metric may use. */
  exposedNames(): string[] {
    return [this.name];
  }

  /** Fields that make two definitions the same metric (for re-registration). */
  definition(): string {
    return JSON.stringify([this.type, this.help, this.labelNames, this.unit]);
  }

  /** Joins the registries; returns the metric to use (an identical earlier one, if any). */
  protected register(): this {
    let result: Metric | undefined;
    for (const registry of this.#registries) {
      const adopted = registry.adopt(this);
      result ??= adopted;
    }
    return (result ?? this) as this;
  }

  /** HELP, TYPE (and UNIT) lines and the samples. */
  render(openMetrics: boolean): string {
    const family = this.familyName(openMetrics);
    let out = `# HELP ${family} ${escapeHelp(this.help, openMetrics)}\n# TYPE ${family} ${this.type}\n`;
    if (openMetrics && this.unit !== undefined) out += `# UNIT ${family} ${this.unit}\n`;
    return out + this.samples(openMetrics);
  }

  /** The name in HELP/TYPE lines; counters differ between the formats. */
  protected familyName(_openMetrics: boolean): string {
    return this.name;
  }

  /** @internal Every live series, read only: for code that copies values out (cluster snapshots). */
  allSeries(): IterableIterator<Readonly<S>> {
    return this.series.all();
  }

  /** Forgets the series for these label values. */
  remove(labels: object): void {
    this.series.remove(labels);
  }

  /** Forgets every series. */
  reset(): void {
    this.series.clear();
  }

  /** Runs before exposition; gauges with a `collect` callback refresh their value here. */
  collect(): void | Promise<void> {}

  /** @internal The exemplar to keep: the new one, or the previous when the new one is too long. */
  keepExemplar(exemplar: Exemplar, value: number, previous: StoredExemplar | undefined): StoredExemplar | undefined {
    if (exemplarSize(exemplar) <= MAX_EXEMPLAR_CHARS) return storeExemplar(exemplar, value);
    this.reportInvalidValue(`exemplar labels exceed ${MAX_EXEMPLAR_CHARS} characters (OpenMetrics limit)`);
    return previous;
  }

  protected reportInvalidValue(problem: string): void {
    this.#report("metric_value_invalid", problem);
  }

  #report(event: string, problem: string): void {
    if (this.#reported.has(problem)) return;
    if (this.#reported.size < 100) this.#reported.add(problem);
    log.error(event, { metric: this.name, problem });
  }

  #overflowed(): void {
    (this.#registries[0] ?? defaultHost<Metric>()).countOverflow(this.name);
    if (!this.#reported.has("overflow")) {
      this.#reported.add("overflow");
      log.warning("metric_series_overflow", {
        metric: this.name,
        max_series: this.series.size,
        detail: 'further label sets are counted in one series labelled overflow="true"',
      });
    }
  }
}
