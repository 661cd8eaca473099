// Node.js runtime metrics under prom-client's names, so existing Grafana "Node.js" dashboards work
// unchanged. Values are read at scrape time: in each group one gauge's `collect` reads a snapshot
// and sets its siblings too, which is safe because Registry.expose runs every collect before it
// renders anything. Between scrapes only a libuv timer (event loop delay) and a
// PerformanceObserver (GC durations) run.

import { monitorEventLoopDelay, performance, PerformanceObserver } from "node:perf_hooks";
import { SightlineError } from "../internal/errors.ts";
import { globalSlot } from "../internal/global.ts";
import { checkOptions, invalidOption, is, type OptionRules } from "../internal/options.ts";
import { Counter } from "./counter.ts";
import { Gauge } from "./gauge.ts";
import { Histogram } from "./histogram.ts";
import { defaultRegistry } from "./registry.ts";
import { defineMetrics, GC_KINDS, type Define, type GaugeExtras, type Sampler } from "./internal/runtime-collectors.ts";
import { registryRule, type Metric } from "./metric.ts";
import type { Registry } from "./registry.ts";

/** Options of {@link collectRuntimeMetrics}. @since 0.1.0 */
export interface RuntimeMetricsOptions {
  /** Prepended to every metric name: `"api_"` gives `api_nodejs_heap_size_used_bytes`. Default: none. */
  prefix?: string;
  /** The registry to join. Default: the default `registry`. */
  registry?: Registry;
  /** How often the event loop delay is sampled, in milliseconds. Default 10. */
  eventLoopResolutionMs?: number;
  /** Buckets of `nodejs_gc_duration_seconds`, in seconds. Default `[0.001, 0.01, 0.1, 1, 2, 5]`. */
  gcDurationBuckets?: number[];
}

/** The slice of a `gc` PerformanceEntry that {@link recordGcEntries} reads. */
export interface GcEntry {
  /** Milliseconds. */
  readonly duration: number;
  /** `{ kind }`, one of perf_hooks.constants.NODE_PERFORMANCE_GC_*. */
  readonly detail?: unknown;
}

// prom-client's defaults, so dashboards built on its buckets keep working
const DEFAULT_GC_BUCKETS: readonly number[] = [0.001, 0.01, 0.1, 1, 2, 5];
const DEFAULT_RESOLUTION_MS = 10;
const MAX_RESOLUTION_MS = 2 ** 31 - 1; // monitorEventLoopDelay takes an int32
const PREFIX = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*)?$/;

interface Settings {
  readonly registry: Registry;
  readonly prefix: string;
  readonly resolution: number;
  readonly buckets: readonly number[];
}

/** One running set of metrics, shared by every caller with the same registry and prefix. */
interface Collector {
  readonly fingerprint: string;
  readonly metrics: readonly Metric[];
  users: number;
  shutdown(): void;
}

/**
 * Registers Node.js runtime metrics: CPU, memory, file descriptors (Linux), event loop delay and
 * utilization, active handles and requests, V8 heap spaces, GC durations and the Node.js version,
 * under the names prom-client's `collectDefaultMetrics` uses. Returns a function that stops the
 * GC observer and the event loop monitor and unregisters the metrics.
 *
 * Calling it again for the same registry and prefix shares the running metrics (no second
 * observer); they stop when every caller has called its stop function. Different options for
 * the same registry and prefix are a mistake and throw.
 *
 * @example
 * const stop = collectRuntimeMetrics({ prefix: "grading_" });
 * process.once("SIGTERM", stop);
 * @see docs/metrics.md
 * @since 0.1.0
 */
export function collectRuntimeMetrics(options: RuntimeMetricsOptions = {}): () => void {
  const settings = readSettings(options);
  const running = globalSlot("metrics.runtime", () => new WeakMap<Registry, Map<string, Collector>>());
  let byPrefix = running.get(settings.registry);
  if (byPrefix === undefined) running.set(settings.registry, (byPrefix = new Map()));
  const fingerprint = JSON.stringify([settings.resolution, settings.buckets]);
  let collector = byPrefix.get(settings.prefix);
  if (collector === undefined) {
    collector = startCollector(settings, fingerprint);
    byPrefix.set(settings.prefix, collector);
  } else if (collector.fingerprint !== fingerprint) {
    throw invalidOption(
      WHERE,
      undefined,
      `it already runs on this registry with prefix "${settings.prefix}" and other ` +
        "eventLoopResolutionMs or gcDurationBuckets; call its stop function first",
      CODE,
    );
  } else {
    // re-registers the metrics when the registry was cleared meanwhile; a no-op otherwise
    for (const metric of collector.metrics) settings.registry.adopt(metric);
  }
  return retain(collector, byPrefix, settings.prefix);
}

/**
 * Observes every entry of one observer callback. The observer delivers all GCs since its last
 * callback in one batch; prom-client reads only the first entry and undercounts under GC pressure.
 * @internal exported for tests
 */
export function recordGcEntries(histogram: Histogram<"kind">, entries: readonly GcEntry[]): void {
  for (const entry of entries) histogram.observe({ kind: gcKind(entry.detail) }, entry.duration / 1000);
}

function gcKind(detail: unknown): string {
  const kind = detail !== null && typeof detail === "object" ? (detail as { kind?: unknown }).kind : undefined;
  return (typeof kind === "number" ? GC_KINDS.get(kind) : undefined) ?? "unknown";
}

const WHERE = "collectRuntimeMetrics()";
const CODE = "SIGHTLINE_ERR_INVALID_METRIC_OPTION";
const RULES: OptionRules<RuntimeMetricsOptions> = {
  prefix: is.string,
  registry: registryRule,
  eventLoopResolutionMs: is.positiveInteger,
  gcDurationBuckets: is.any, // the histogram checks them
};

function readSettings(options: RuntimeMetricsOptions): Settings {
  checkOptions(WHERE, options, RULES, CODE);
  const {
    prefix = "",
    registry = defaultRegistry(),
    eventLoopResolutionMs = DEFAULT_RESOLUTION_MS,
    gcDurationBuckets = DEFAULT_GC_BUCKETS,
  } = options;
  if (!PREFIX.test(prefix)) {
    throw invalidOption(
      WHERE,
      "prefix",
      `${JSON.stringify(prefix)}: letters, digits, _ and :, not starting with a digit`,
      CODE,
    );
  }
  const resolution = eventLoopResolutionMs;
  if (resolution > MAX_RESOLUTION_MS) {
    throw invalidOption(WHERE, "eventLoopResolutionMs", `${String(resolution)}: at most ${MAX_RESOLUTION_MS} ms`, CODE);
  }
  // the histogram validates the buckets
  return { registry, prefix, resolution, buckets: gcDurationBuckets };
}

/** Counts one more user; the returned stop function releases it once. */
function retain(collector: Collector, byPrefix: Map<string, Collector>, prefix: string): () => void {
  collector.users++;
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--collector.users > 0) return;
    byPrefix.delete(prefix);
    collector.shutdown();
  };
}

function startCollector(settings: Settings, fingerprint: string): Collector {
  const sampler: Sampler = {
    // from zero, so the CPU counters count since the process started, not since this call
    cpu: { user: 0, system: 0 },
    elu: performance.eventLoopUtilization(),
    delay: monitorEventLoopDelay({ resolution: settings.resolution }),
  };
  const metrics: Metric[] = [];
  let gc: Histogram<"kind">;
  try {
    gc = defineMetrics(definer(settings, metrics), sampler, settings.buckets);
  } catch (error) {
    unregister(settings.registry, metrics);
    throw error;
  }
  const observer = new PerformanceObserver((list) => recordGcEntries(gc, list.getEntries()));
  observer.observe({ entryTypes: ["gc"] });
  sampler.delay.enable();
  return {
    fingerprint,
    metrics,
    users: 0,
    shutdown() {
      observer.disconnect();
      sampler.delay.disable();
      unregister(settings.registry, metrics);
    },
  };
}

/** Removes the metrics still registered as ours (not a same-named one registered since). */
function unregister(registry: Registry, metrics: readonly Metric[]): void {
  for (const metric of metrics) if (registry.get(metric.name) === metric) registry.remove(metric.name);
}

/** The OpenMetrics unit, from the name's suffix: every name here ends with its base unit. */
function unitOf(name: string): string | undefined {
  return /_(seconds|bytes|ratio)(?:_total)?$/.exec(name)?.[1];
}

function definer(settings: Settings, created: Metric[]): Define {
  const { registry, prefix } = settings;
  const registers = [registry];
  // an existing metric of that name would be adopted silently and never refreshed by us
  const claim = (name: string): string => {
    const full = prefix + name;
    if (registry.get(full) !== undefined) {
      throw new SightlineError("SIGHTLINE_ERR_DUPLICATE_METRIC", `"${full}" (collectRuntimeMetrics defines its own)`);
    }
    return full;
  };
  const keep = <M extends Metric>(metric: M): M => {
    created.push(metric);
    return metric;
  };
  return {
    counter: (name, help) => keep(new Counter({ name: claim(name), help, unit: unitOf(name), registers })),
    gauge: <const L extends string = never>(name: string, help: string, extras: GaugeExtras<L> = {}) =>
      keep(new Gauge<L>({ ...extras, name: claim(name), help, unit: unitOf(name), registers })),
    histogram: (name, help, buckets) =>
      keep(new Histogram({ name: claim(name), help, unit: unitOf(name), labelNames: ["kind"], buckets, registers })),
  };
}
