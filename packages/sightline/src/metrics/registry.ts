// A set of metrics and their exposition in Prometheus text 0.0.4 or OpenMetrics 1.0.

import { SightlineError } from "../internal/errors.ts";
import type { Metric } from "./metric.ts";
import { Counter } from "./counter.ts";
import { checkOptions, is } from "../internal/options.ts";
import { getLogger } from "../log/index.ts";
import { globalSlot } from "../internal/global.ts";
import { provideDefaultHost, type MetricHost } from "./host.ts";

const log = getLogger("sightline.metrics");

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
export const OPENMETRICS_CONTENT_TYPE = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/** What {@link Registry.expose} returns: the body and the content type to send it with. */
export interface Exposition {
  contentType: string;
  body: string;
}

/** True when an Accept header asks for OpenMetrics (with a non-zero q), as Prometheus does. */
export function acceptsOpenMetrics(accept: string | undefined): boolean {
  if (accept === undefined) return false;
  for (const part of accept.split(",")) {
    const [type, ...params] = part.split(";").map((piece) => piece.trim());
    if (type !== "application/openmetrics-text") continue;
    const q = params.find((param) => param.startsWith("q="));
    if (q === undefined || Number(q.slice(2)) > 0) return true;
  }
  return false;
}

/** Options of a {@link Registry}. */
export interface RegistryOptions {
  /** How long exposition waits for `collect` callbacks before it goes on without them. Default 5000. */
  collectTimeoutMs?: number;
}

/** Runs every collect callback, waiting at most `timeoutMs`: one stuck callback must not stop every scrape. */
async function collectAll(metrics: readonly Metric[], timeoutMs: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const pending = new Set<string>();
  const collects = metrics.map(async (metric) => {
    pending.add(metric.name);
    await metric.collect();
    pending.delete(metric.name);
  });
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(resolve, timeoutMs, "timeout"); // ref'd: a script awaiting a scrape gets its answer, not an early exit
  });
  const outcome = await Promise.race([Promise.all(collects), timeout]);
  clearTimeout(timer);
  if (outcome === "timeout") {
    log.error("metric_collect_timeout", { metrics: [...pending], timeout_ms: timeoutMs });
  }
}

/**
 * A set of metrics. Most code uses the default `registry`; create one for isolated tests or a
 * separate endpoint and pass it in `registers`.
 * @since 0.1.0
 */
export class Registry implements MetricHost<Metric> {
  /** Metrics by key (a counter's key ends in `_total`, whatever name it was given). */
  readonly #metrics = new Map<string, Metric>();
  /** Every name the exposition uses, so no two metrics print the same family or sample name. */
  readonly #claimed = new Map<string, Metric>();
  #overflow: Counter<"metric"> | undefined;
  readonly #collectTimeoutMs: number;

  constructor(options: RegistryOptions = {}) {
    const { collectTimeoutMs = 5000 } = checkOptions(
      "new Registry()",
      options,
      { collectTimeoutMs: is.positiveInteger },
      "SIGHTLINE_ERR_INVALID_METRIC_OPTION",
    );
    this.#collectTimeoutMs = collectTimeoutMs;
  }

  /**
   * Adds `metric`, or returns the metric already registered under its name when the definition
   * is the same (so reloading a module does not fail). A different definition, or a name that
   * another metric's exposition already uses (`x_count` beside histogram `x`), is an error.
   */
  adopt(metric: Metric): Metric {
    const existing = this.#metrics.get(metric.key);
    if (existing !== undefined) {
      if (existing.definition() === metric.definition()) return existing;
      throw new SightlineError("SIGHTLINE_ERR_DUPLICATE_METRIC", `"${metric.name}" (${existing.type} already)`);
    }
    const names = metric.exposedNames();
    for (const name of names) {
      const holder = this.#claimed.get(name);
      if (holder !== undefined) {
        throw new SightlineError(
          "SIGHTLINE_ERR_DUPLICATE_METRIC",
          `"${metric.name}": its exposition would reuse "${name}" of ${holder.type} "${holder.name}"`,
        );
      }
    }
    this.#metrics.set(metric.key, metric);
    for (const name of names) this.#claimed.set(name, metric);
    return metric;
  }

  /** The metric registered under `name` (any name its exposition uses). */
  get(name: string): Metric | undefined {
    return this.#metrics.get(name) ?? this.#claimed.get(name);
  }

  /** Every registered metric, in registration order. */
  metrics(): Metric[] {
    return [...this.#metrics.values()];
  }

  /** Unregisters one metric. */
  remove(name: string): void {
    const metric = this.get(name);
    if (metric === undefined) return;
    this.#metrics.delete(metric.key);
    for (const claimed of metric.exposedNames()) this.#claimed.delete(claimed);
    if (this.#overflow === metric) this.#overflow = undefined;
  }

  /** Unregisters every metric. */
  clear(): void {
    this.#metrics.clear();
    this.#claimed.clear();
    this.#overflow = undefined;
  }

  /** Zeroes every metric, keeping the registrations. */
  resetAll(): void {
    for (const metric of this.#metrics.values()) metric.reset();
  }

  countOverflow(metric: string): void {
    this.overflowCounter().inc({ metric });
  }

  /** Counts label sets that went to an overflow series, by metric. */
  overflowCounter(): Counter<"metric"> {
    this.#overflow ??= new Counter({
      name: "sightline_metric_series_overflow_total",
      help: "Label sets that exceeded a metric's series limit and were counted in its overflow series.",
      labelNames: ["metric"],
      registers: [this],
    });
    return this.#overflow;
  }

  /**
   * The exposition of every metric, in OpenMetrics 1.0 when `accept` (an HTTP Accept header)
   * asks for it, Prometheus text 0.0.4 otherwise. Runs `collect` callbacks first.
   */
  async expose(accept?: string): Promise<Exposition> {
    const metrics = [...this.#metrics.values()];
    await collectAll(metrics, this.#collectTimeoutMs);
    const openMetrics = acceptsOpenMetrics(accept);
    let body = "";
    for (const metric of metrics) body += metric.render(openMetrics);
    if (openMetrics) body += "# EOF\n";
    return { contentType: openMetrics ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE, body };
  }
}

/**
 * The default registry, in the process-wide slot, so two copies of the library (or a module
 * loaded twice) count into one registry.
 */
export function defaultRegistry(): Registry {
  return globalSlot("metrics.registry", () => new Registry());
}
provideDefaultHost(defaultRegistry);
