// db_client_operation_duration_seconds{system,operation,outcome} and, for pg pools,
// db_client_connections{state}: OpenTelemetry's database client conventions in Prometheus names.
// Labels are bounded: the operation is one of five verbs, the outcome success or failure.

import { Gauge, Histogram, type Registry } from "../metrics/index.ts";
import { globalSlot } from "../internal/global.ts";

/** Buckets of db_client_operation_duration_seconds: sub-millisecond SQLite reads to a 5 s report. @since 0.1.0 */
export const DB_BUCKETS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export type DbDuration = Histogram<"system" | "operation" | "outcome">;

export function dbDuration(registry: Registry): DbDuration {
  // the registry returns the metric already registered under this name, if any
  return new Histogram({
    name: "db_client_operation_duration_seconds",
    help: "Duration of database operations, by system, operation (select, insert, update, delete, other) and outcome.",
    unit: "seconds",
    labelNames: ["system", "operation", "outcome"],
    buckets: DB_BUCKETS,
    registers: [registry],
  });
}

/** What the connection gauge reads of a `pg` Pool. */
export interface PoolCounts {
  readonly totalCount: number;
  readonly idleCount: number;
  readonly waitingCount: number;
  /** pg-pool sets these once end() is called: the pool is then left out. */
  readonly ending?: boolean;
  readonly ended?: boolean;
}

type ConnectionGauge = Gauge<"state">;

// The pools each gauge sums, keyed by the registered gauge (a second instrumentPg() gets the gauge
// the first registered, whose collect reads this same set).
const poolsOf = globalSlot("db.pools", () => new WeakMap<ConnectionGauge, Set<PoolCounts>>());

function poolSet(gauge: ConnectionGauge): Set<PoolCounts> {
  let pools = poolsOf.get(gauge);
  if (pools === undefined) {
    pools = new Set();
    poolsOf.set(gauge, pools);
  }
  return pools;
}

function collectConnections(gauge: ConnectionGauge): void {
  let used = 0;
  let idle = 0;
  let waiting = 0;
  const pools = poolSet(gauge);
  for (const pool of pools) {
    if (pool.ending === true || pool.ended === true) {
      pools.delete(pool);
      continue;
    }
    used += pool.totalCount - pool.idleCount;
    idle += pool.idleCount;
    waiting += pool.waitingCount;
  }
  gauge.set({ state: "used" }, used);
  gauge.set({ state: "idle" }, idle);
  gauge.set({ state: "waiting" }, waiting);
}

/** Adds a pool to `db_client_connections{state="used"|"idle"|"waiting"}` of `registry`. */
export function watchPool(registry: Registry, pool: PoolCounts): void {
  const gauge = new Gauge({
    name: "db_client_connections",
    help: "Connections of instrumented database pools: used, idle, and callers waiting for one.",
    labelNames: ["state"],
    registers: [registry],
    collect: collectConnections,
  });
  poolSet(gauge).add(pool);
}
