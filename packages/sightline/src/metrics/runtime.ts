// Node.js runtime metrics under prom-client's names, so existing Grafana "Node.js" dashboards work
// unchanged. Values are read at scrape time: in each group one gauge's `collect` reads a snapshot
// and sets its siblings too, which is safe because Registry.expose runs every collect before it
// renders anything. Between scrapes only a libuv timer (event loop delay) and a
// PerformanceObserver (GC durations) run.

import { readdir, readFile } from "node:fs/promises";
import {
  constants,
  monitorEventLoopDelay,
  performance,
  PerformanceObserver,
  type EventLoopUtilization,
  type ELDHistogram,
} from "node:perf_hooks";
import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8";
import { SightlineError } from "../errors/codes.ts";
import { globalSlot } from "../internal/global.ts";
import { Counter } from "./counter.ts";
import { Gauge, type GaugeOptions } from "./gauge.ts";
import { Histogram } from "./histogram.ts";
import { defaultRegistry } from "./internal/default-registry.ts";
import type { Metric } from "./metric.ts";
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

const GC_KINDS = new Map<number, string>([
  [constants.NODE_PERFORMANCE_GC_MAJOR, "major"],
  [constants.NODE_PERFORMANCE_GC_MINOR, "minor"],
  // V8's other young-generation collector (--minor-ms): still a minor GC to a dashboard
  [constants.NODE_PERFORMANCE_GC_MINOR_MARK_SWEEP, "minor"],
  [constants.NODE_PERFORMANCE_GC_INCREMENTAL, "incremental"],
  [constants.NODE_PERFORMANCE_GC_WEAKCB, "weakcb"],
]);

// getActiveResourcesInfo() lists timers, handles and requests together; libuv requests are the
// types Node names *Req* (FSReqCallback, GetAddrInfoReqWrap) plus the stream and UDP write wraps.
const TIMERS = new Set(["Timeout", "Immediate"]);
const REQUEST = /Req|^(?:Write|Shutdown|Connect|Send)Wrap$/;

const VM_SIZE = /^VmSize:\s*(\d+) kB$/m;
const VM_DATA = /^VmData:\s*(\d+) kB$/m;
const MAX_OPEN_FILES = /^Max open files\s+(\d+)/m;

interface Settings {
  readonly registry: Registry;
  readonly prefix: string;
  readonly resolution: number;
  readonly buckets: readonly number[];
}

/** What the collect callbacks remember between scrapes. */
interface Sampler {
  cpu: NodeJS.CpuUsage;
  elu: EventLoopUtilization;
  readonly delay: ELDHistogram;
}

/** One running set of metrics, shared by every caller with the same registry and prefix. */
interface Collector {
  readonly fingerprint: string;
  readonly metrics: readonly Metric[];
  users: number;
  shutdown(): void;
}

type GaugeExtras<L extends string> = Pick<GaugeOptions<L>, "labelNames" | "collect">;

/** Creates one collector's metrics, remembering each so a failure part-way can undo them. */
interface Define {
  counter(name: string, help: string): Counter;
  gauge<const L extends string = never>(name: string, help: string, extras?: GaugeExtras<L>): Gauge<L>;
  histogram(name: string, help: string, buckets: readonly number[]): Histogram<"kind">;
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
    throw invalid(
      `of collectRuntimeMetrics: it already runs on this registry with prefix "${settings.prefix}" and other ` +
        "eventLoopResolutionMs or gcDurationBuckets; call its stop function first",
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

function invalid(detail: string): SightlineError {
  return new SightlineError("SIGHTLINE_ERR_INVALID_METRIC_OPTION", detail);
}

function readSettings(options: RuntimeMetricsOptions): Settings {
  if (options === null || typeof options !== "object") throw invalid("of collectRuntimeMetrics: expected an object");
  const {
    prefix = "",
    registry = defaultRegistry(),
    eventLoopResolutionMs = DEFAULT_RESOLUTION_MS,
    gcDurationBuckets = DEFAULT_GC_BUCKETS,
  } = options;
  if (typeof prefix !== "string" || !PREFIX.test(prefix)) {
    throw invalid(`prefix ${JSON.stringify(prefix)}: letters, digits, _ and :, not starting with a digit`);
  }
  if (registry === null || typeof registry !== "object" || typeof registry.adopt !== "function") {
    throw invalid("registry of collectRuntimeMetrics: expected a Registry");
  }
  const resolution = eventLoopResolutionMs;
  if (!Number.isInteger(resolution) || resolution < 1 || resolution > MAX_RESOLUTION_MS) {
    throw invalid(`eventLoopResolutionMs ${String(resolution)}: a whole number of milliseconds, at least 1`);
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

/** Defines every metric; returns the GC histogram, the one fed between scrapes. */
function defineMetrics(define: Define, sampler: Sampler, buckets: readonly number[]): Histogram<"kind"> {
  // first: Registry.expose starts the collects in registration order, so the resources are
  // counted before this scrape's own /proc reads and setImmediate probe add to them
  resourceMetrics(define);
  processMetrics(define, sampler);
  eventLoopMetrics(define, sampler);
  heapMetrics(define);
  versionMetric(define);
  const gc = define.histogram("nodejs_gc_duration_seconds", "Garbage collection pauses by kind, in seconds.", buckets);
  // zero series up front, so rate() works from the first collection of each kind
  for (const kind of new Set(GC_KINDS.values())) gc.labels({ kind });
  return gc;
}

function processMetrics(define: Define, sampler: Sampler): void {
  const cpu = {
    user: define.counter("process_cpu_user_seconds_total", "CPU time spent in user mode, in seconds."),
    system: define.counter("process_cpu_system_seconds_total", "CPU time spent in kernel mode, in seconds."),
    total: define.counter("process_cpu_seconds_total", "CPU time spent in user and kernel mode, in seconds."),
  };
  const started = Date.now() / 1000 - process.uptime();
  // set at each scrape rather than once, so registry.resetAll() cannot leave it at 0
  define.gauge("process_start_time_seconds", "When the process started, in seconds since the Unix epoch.", {
    collect: (gauge) => gauge.set(started),
  });
  const procfs = process.platform === "linux" ? procfsMetrics(define) : undefined;
  define.gauge("process_resident_memory_bytes", "Resident set size of the process, in bytes.", {
    collect(rss) {
      refreshCpu(cpu, sampler);
      rss.set(process.memoryUsage.rss());
      if (procfs !== undefined) return refreshProcfs(procfs);
    },
  });
}

interface ProcfsMetrics {
  readonly virtual: Gauge;
  readonly heap: Gauge;
  readonly openFds: Gauge;
  readonly maxFds: Gauge;
}

function procfsMetrics(define: Define): ProcfsMetrics {
  return {
    virtual: define.gauge("process_virtual_memory_bytes", "Virtual memory size of the process, in bytes."),
    heap: define.gauge("process_heap_bytes", "Data segment (process heap) size, in bytes."),
    openFds: define.gauge("process_open_fds", "Open file descriptors."),
    maxFds: define.gauge("process_max_fds", "Soft limit on open file descriptors."),
  };
}

function refreshCpu(cpu: { user: Counter; system: Counter; total: Counter }, sampler: Sampler): void {
  const now = process.cpuUsage();
  const user = Math.max(0, now.user - sampler.cpu.user) / 1e6;
  const system = Math.max(0, now.system - sampler.cpu.system) / 1e6;
  sampler.cpu = now;
  cpu.user.inc(user);
  cpu.system.inc(system);
  cpu.total.inc(user + system);
}

/** Reads /proc; what cannot be read keeps its last value and the first failure is rethrown for the log. */
async function refreshProcfs(metrics: ProcfsMetrics): Promise<void> {
  // the descriptors first and alone: the listing includes its own, and would include the files below
  const [fds] = await Promise.allSettled([readdir("/proc/self/fd")]);
  const [status, limits] = await Promise.allSettled([
    readFile("/proc/self/status", "latin1"),
    readFile("/proc/self/limits", "latin1"),
  ]);
  if (fds.status === "fulfilled") metrics.openFds.set(fds.value.length - 1);
  if (status.status === "fulfilled") {
    setMatch(metrics.virtual, VM_SIZE, status.value, 1024);
    setMatch(metrics.heap, VM_DATA, status.value, 1024);
  }
  if (limits.status === "fulfilled") setMatch(metrics.maxFds, MAX_OPEN_FILES, limits.value, 1);
  const failed = [fds, status, limits].find((result) => result.status === "rejected");
  if (failed !== undefined) throw failed.reason;
}

function setMatch(gauge: Gauge, pattern: RegExp, text: string, scale: number): void {
  const match = pattern.exec(text);
  if (match !== null) gauge.set(Number(match[1]) * scale);
}

function eventLoopMetrics(define: Define, sampler: Sampler): void {
  define.gauge("nodejs_eventloop_lag_seconds", "How long a setImmediate callback waited at scrape time, in seconds.", {
    collect: measureLag,
  });
  const stat = (name: string, what: string, extras?: GaugeExtras<never>): Gauge =>
    define.gauge(
      `nodejs_eventloop_lag_${name}_seconds`,
      `${what} event loop delay since the last scrape, in seconds.`,
      extras,
    );
  const stats = {
    min: stat("min", "Minimum"),
    max: stat("max", "Maximum"),
    mean: stat("mean", "Mean"),
    stddev: stat("stddev", "Standard deviation of the"),
    p50: stat("p50", "Median"),
    p90: stat("p90", "90th percentile of the"),
  };
  // the last of the group reads the histogram once and sets them all
  stat("p99", "99th percentile of the", { collect: (p99) => refreshDelay({ ...stats, p99 }, sampler.delay) });
  define.gauge("nodejs_eventloop_utilization_ratio", "Share of time the event loop was busy since the last scrape.", {
    collect: (gauge) => refreshUtilization(gauge, sampler),
  });
}

interface DelayStats {
  readonly min: Gauge;
  readonly max: Gauge;
  readonly mean: Gauge;
  readonly stddev: Gauge;
  readonly p50: Gauge;
  readonly p90: Gauge;
  readonly p99: Gauge;
}

function measureLag(gauge: Gauge): Promise<void> {
  const start = process.hrtime.bigint();
  return new Promise((resolve) => {
    setImmediate(() => {
      gauge.set(Number(process.hrtime.bigint() - start) / 1e9);
      resolve();
    });
  });
}

/** Copies the delay histogram into the gauges and starts a new interval. */
function refreshDelay(stats: DelayStats, delay: ELDHistogram): void {
  // no sample since the last scrape (scrapes closer than the resolution): keep the last values
  if (delay.count === 0) return;
  stats.min.set(delay.min / 1e9);
  stats.max.set(delay.max / 1e9);
  stats.mean.set(delay.mean / 1e9);
  stats.stddev.set(delay.stddev / 1e9);
  stats.p50.set(delay.percentile(50) / 1e9);
  stats.p90.set(delay.percentile(90) / 1e9);
  stats.p99.set(delay.percentile(99) / 1e9);
  delay.reset();
}

function refreshUtilization(gauge: Gauge, sampler: Sampler): void {
  const now = performance.eventLoopUtilization();
  const { utilization } = performance.eventLoopUtilization(now, sampler.elu);
  sampler.elu = now;
  // NaN when no time passed (two scrapes in one tick): keep the last value
  if (Number.isFinite(utilization)) gauge.set(utilization);
}

function resourceMetrics(define: Define): void {
  const requests = define.gauge("nodejs_active_requests_total", "Active libuv requests: file system, DNS, writes.");
  const total = define.gauge("nodejs_active_resources_total", "Resources keeping the event loop alive.");
  const byType = define.gauge("nodejs_active_resources", "Resources keeping the event loop alive, by type.", {
    labelNames: ["type"],
  });
  define.gauge("nodejs_active_handles_total", "Active libuv handles (sockets, servers, watchers), timers excluded.", {
    collect(handles) {
      const counts = new Map<string, number>();
      for (const type of process.getActiveResourcesInfo()) counts.set(type, (counts.get(type) ?? 0) + 1);
      let all = 0;
      let timers = 0;
      let pending = 0;
      byType.reset(); // types no longer active disappear
      for (const [type, count] of counts) {
        byType.set({ type }, count);
        all += count;
        if (TIMERS.has(type)) timers += count;
        else if (REQUEST.test(type)) pending += count;
      }
      handles.set(all - timers - pending);
      requests.set(pending);
      total.set(all);
    },
  });
}

function heapMetrics(define: Define): void {
  const used = define.gauge("nodejs_heap_size_used_bytes", "V8 heap in use, in bytes.");
  const external = define.gauge(
    "nodejs_external_memory_bytes",
    "Memory of objects bound to V8 objects (buffers), in bytes.",
  );
  define.gauge("nodejs_heap_size_total_bytes", "V8 heap allocated, in bytes.", {
    collect(total) {
      const heap = getHeapStatistics();
      total.set(heap.total_heap_size);
      used.set(heap.used_heap_size);
      external.set(heap.external_memory);
    },
  });
  const spaceUsed = define.gauge("nodejs_heap_space_size_used_bytes", "V8 heap space in use, in bytes.", {
    labelNames: ["space"],
  });
  const spaceAvailable = define.gauge("nodejs_heap_space_size_available_bytes", "V8 heap space free, in bytes.", {
    labelNames: ["space"],
  });
  define.gauge("nodejs_heap_space_size_total_bytes", "V8 heap space allocated, in bytes.", {
    labelNames: ["space"],
    collect(total) {
      for (const space of getHeapSpaceStatistics()) {
        // prom-client's label values: "old" for old_space
        const labels = { space: space.space_name.replace(/_space$/, "") };
        total.set(labels, space.space_size);
        spaceUsed.set(labels, space.space_used_size);
        spaceAvailable.set(labels, space.space_available_size);
      }
    },
  });
}

function versionMetric(define: Define): void {
  const [major = "", minor = "", patch = ""] = process.versions.node.split(".");
  // prom-client's version label keeps the "v"
  const labels = { version: process.version, major, minor, patch };
  define.gauge("nodejs_version_info", "Node.js version, in the labels; the value is always 1.", {
    labelNames: ["version", "major", "minor", "patch"],
    collect: (gauge) => gauge.set(labels, 1),
  });
}
