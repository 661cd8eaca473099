// The metrics collectRuntimeMetrics() defines, group by group: process (CPU, memory, file
// descriptors), event loop, active resources, V8 heap, version, GC. Each group's first gauge
// reads a snapshot at scrape time and sets its siblings (see ../runtime.ts).

import { readdir, readFile } from "node:fs/promises";
import { constants, performance, type EventLoopUtilization, type ELDHistogram } from "node:perf_hooks";
import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8";
import type { Counter } from "../counter.ts";
import type { Gauge, GaugeOptions } from "../gauge.ts";
import type { Histogram } from "../histogram.ts";

export const GC_MINOR_MARK_SWEEP = 2;

export const GC_KINDS = new Map<number, string>([
  [constants.NODE_PERFORMANCE_GC_MAJOR, "major"],
  [constants.NODE_PERFORMANCE_GC_MINOR, "minor"],
  // V8's other young-generation collector (--minor-ms): still a minor GC to a dashboard. V8's
  // kGCTypeMinorMarkSweep, by value: Node.js 22 has no NODE_PERFORMANCE_GC_MINOR_MARK_SWEEP.
  [GC_MINOR_MARK_SWEEP, "minor"],
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

/** What the collect callbacks remember between scrapes. */
export interface Sampler {
  cpu: NodeJS.CpuUsage;
  elu: EventLoopUtilization;
  readonly delay: ELDHistogram;
}

export type GaugeExtras<L extends string> = Pick<GaugeOptions<L>, "labelNames" | "collect">;

/** Creates one collector's metrics, remembering each so a failure part-way can undo them. */
export interface Define {
  counter(name: string, help: string): Counter;
  gauge<const L extends string = never>(name: string, help: string, extras?: GaugeExtras<L>): Gauge<L>;
  histogram(name: string, help: string, buckets: readonly number[]): Histogram<"kind">;
}

/** Defines every metric; returns the GC histogram, the one fed between scrapes. */
export function defineMetrics(define: Define, sampler: Sampler, buckets: readonly number[]): Histogram<"kind"> {
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
