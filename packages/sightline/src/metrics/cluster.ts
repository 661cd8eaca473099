// node:cluster aggregation. Each worker answers the primary's requests with a structured
// snapshot of its registry; the primary merges the snapshots and its own registry into one
// exposition, per metric summed, kept per worker, or reduced to max, min, avg or first.

import cluster from "node:cluster";
import { setImmediate as nextTurn } from "node:timers/promises";
import { SightlineError } from "../internal/errors.ts";
import { checkOptions, is, type OptionRules } from "../internal/options.ts";
import { getLogger } from "../log/index.ts";
import { Counter } from "./counter.ts";
import { registryRule } from "./metric.ts";
import { metricsHandler, type MetricsHandlerOptions } from "./handler.ts";
import { defaultRegistry } from "./registry.ts";
import { AGGREGATIONS, ClusterMerge, type ClusterAggregation } from "./internal/cluster-merge.ts";
import { LabelCache } from "./internal/cluster-labels.ts";
import { collectBudget } from "./internal/cluster-protocol.ts";
import { workerRequests, type Answers } from "./internal/cluster-requests.ts";
import { snapshotRegistries } from "./internal/cluster-snapshot.ts";
import { serve } from "./internal/cluster-worker.ts";
import {
  acceptsOpenMetrics,
  OPENMETRICS_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE,
  Registry,
  type Exposition,
} from "./registry.ts";

export type { ClusterAggregation } from "./internal/cluster-merge.ts";

/** Options of {@link serveClusterWorker}. @since 0.1.0 */
export interface ServeClusterWorkerOptions {
  /** The registry to answer with. Default: the default registry. */
  registry?: Registry;
}

/** Options of {@link clusterMetrics}. @since 0.1.0 */
export interface ClusterMetricsOptions {
  /** The primary's own registry: merged in, and home of the timeout counter. Default: the default registry. */
  registry?: Registry;
  /** How long a scrape waits for the workers, in milliseconds. Default 1000. */
  timeoutMs?: number;
  /**
   * Aggregation by metric name. Default: counters and histograms `sum`, gauges `perWorker`
   * (one series per process, labelled `worker`). Histograms take `sum`, `perWorker` or `first`.
   */
  aggregate?: Readonly<Record<string, ClusterAggregation>>;
}

/** Options of {@link ClusterMetrics.handler}: those of metricsHandler but the registry. @since 0.1.0 */
export type ClusterHandlerOptions = Omit<MetricsHandlerOptions, "registry">;

/** What {@link clusterMetrics} returns. @since 0.1.0 */
export interface ClusterMetrics {
  /** The merged exposition, negotiated on `accept` as Registry.expose does. */
  expose(accept?: string): Promise<Exposition>;
  /** A `node:http` handler serving the merged exposition, as metricsHandler does. */
  handler(options?: ClusterHandlerOptions): ReturnType<typeof metricsHandler>;
}

const DEFAULT_TIMEOUT_MS = 1000;
const NO_ANSWERS: Answers = { answers: [], timedOut: [] };
const log = getLogger("sightline.metrics");

/**
 * In a cluster worker, answers the primary's {@link clusterMetrics} requests with a snapshot of
 * `registry` (running `collect` callbacks first). Outside a worker it does nothing, so the same
 * code runs unclustered. Returns a function that stops answering.
 *
 * @example
 * import cluster from "node:cluster";
 * if (cluster.isWorker) serveClusterWorker();
 * @see docs/metrics.md
 * @since 0.1.0
 */
export function serveClusterWorker(options: ServeClusterWorkerOptions = {}): () => void {
  const { registry = defaultRegistry() } = checkOptions("serveClusterWorker()", options, { registry: registryRule });
  if (!cluster.isWorker || typeof process.send !== "function") return function notAWorker(): void {};
  return serve(registry);
}

const RULES: OptionRules<ClusterMetricsOptions> = {
  registry: registryRule,
  timeoutMs: is.positiveMilliseconds,
  aggregate: is.object,
};

function readOptions(options: ClusterMetricsOptions): [number, Map<string, ClusterAggregation>] {
  const { timeoutMs = DEFAULT_TIMEOUT_MS, aggregate = {} } = checkOptions("clusterMetrics()", options, RULES);
  for (const [name, how] of Object.entries(aggregate)) {
    if (!AGGREGATIONS.includes(how)) {
      throw new SightlineError(
        "SIGHTLINE_ERR_INVALID_OPTION",
        `aggregate.${name} of clusterMetrics: one of ${AGGREGATIONS.join(", ")}`,
      );
    }
  }
  return [timeoutMs, new Map(Object.entries(aggregate))];
}

/** Lets metricsHandler (which only calls expose()) serve the merged exposition. */
class MergedRegistry extends Registry {
  readonly #expose: (accept?: string) => Promise<Exposition>;

  constructor(expose: (accept?: string) => Promise<Exposition>) {
    super();
    this.#expose = expose;
  }

  override expose(accept?: string): Promise<Exposition> {
    return this.#expose(accept);
  }
}

/**
 * In the primary, merges the metrics of every worker that calls {@link serveClusterWorker}
 * with its own registry. Default aggregation: counters and histograms summed, gauges kept per
 * process with a `worker` label (the worker id, `primary` for the primary); `aggregate`
 * overrides it by metric name. A worker that does not answer within `timeoutMs` is left out
 * and counted in `sightline_cluster_workers_timed_out_total`; the scrape still returns.
 *
 * @example
 * import cluster from "node:cluster";
 * import http from "node:http";
 * if (cluster.isPrimary) {
 *   const metrics = clusterMetrics({ aggregate: { queue_depth: "sum" } });
 *   http.createServer(metrics.handler()).listen(9464);
 * }
 * @see docs/metrics.md
 * @since 0.1.0
 */
export function clusterMetrics(options: ClusterMetricsOptions = {}): ClusterMetrics {
  const [timeoutMs, aggregate] = readOptions(options);
  const registry = options.registry ?? defaultRegistry();
  const timedOutTotal = new Counter({
    name: "sightline_cluster_workers_timed_out_total",
    help: "Workers left out of a cluster scrape because they did not answer in time.",
    registers: [registry],
  });
  const reported = new Set<number>();
  const labels = new LabelCache();
  const ask = workerRequests(labels);

  async function expose(accept?: string): Promise<Exposition> {
    const openMetrics = acceptsOpenMetrics(accept);
    const { answers, timedOut } = cluster.isPrimary ? await ask(timeoutMs) : NO_ANSWERS;
    labels.keepOnly(new Set(Object.keys(cluster.workers ?? {}).map(Number)));
    for (const id of timedOut) {
      timedOutTotal.inc();
      if (reported.has(id) || reported.size >= 1000) continue;
      reported.add(id);
      log.warning("cluster_worker_timed_out", { worker_id: id, timeout_ms: timeoutMs });
    }
    // the primary's own snapshot comes after the wait, so it counts this scrape's timeouts
    const merge = new ClusterMerge(aggregate);
    await merge.add(await snapshotRegistries([registry], collectBudget(timeoutMs)), "primary");
    for (const { id, metrics, held } of answers) {
      await nextTurn();
      await merge.add(labels.complete(id, metrics, held), String(id));
    }
    return {
      contentType: openMetrics ? OPENMETRICS_CONTENT_TYPE : PROMETHEUS_CONTENT_TYPE,
      body: merge.render(openMetrics),
    };
  }

  return {
    expose,
    handler(handlerOptions: ClusterHandlerOptions = {}) {
      return metricsHandler({ ...handlerOptions, registry: new MergedRegistry(expose) });
    },
  };
}
