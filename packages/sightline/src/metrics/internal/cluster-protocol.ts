// The IPC messages between the cluster primary and its workers. A snapshot is structured data
// in flat arrays (one label text and one run of numbers per series), not exposition text: the
// primary merges it without parsing, and flat arrays are cheap to serialize in both IPC modes.
// Label texts are most of the bytes and rarely change, so a worker numbers each list it sends
// (`gen`) and leaves it out when the request says the primary already holds that generation.

import type { MetricType } from "../metric.ts";

export const REQUEST_TYPE = "sightline:metrics:request";
export const RESPONSE_TYPE = "sightline:metrics:response";

/** Primary → worker: send a snapshot, quoting `id`. */
export interface SnapshotRequest {
  type: typeof REQUEST_TYPE;
  id: string;
  /** [metric name, gen] of the label lists the primary holds from this worker. */
  known?: Array<[string, number]>;
  /** How long the worker may wait for `collect` callbacks: well within the primary's timeout. */
  collectTimeoutMs?: number;
}

/** The share of the primary's timeout a process may spend waiting for `collect` callbacks. */
export function collectBudget(timeoutMs: number): number {
  return Math.max(1, Math.floor(timeoutMs / 2));
}

/** Worker → primary: the snapshot asked for by request `id`. */
export interface SnapshotResponse {
  type: typeof RESPONSE_TYPE;
  id: string;
  metrics: SentMetric[];
}

/** JSON has no NaN or infinities: those travel as their exposition text ("NaN", "+Inf", "-Inf"). */
export type WireNumber = number | string;

/** One metric of one process. */
export interface MetricSnapshot {
  name: string;
  help: string;
  type: MetricType;
  unit?: string;
  labelNames: string[];
  /** Histograms: the finite upper bounds. */
  buckets?: number[];
  /** Per series: the label text as exposed (`a="x",b="y"`, escaped, no braces). */
  labels: string[];
  /**
   * Counters and gauges: one value per series. Histograms: per series the count of each bucket
   * (not cumulative, +Inf last), then sum, then count: `buckets.length + 3` numbers.
   */
  values: WireNumber[];
}

/** A metric as a worker sends it: `labels` is left out when the request listed its `gen`. */
export interface SentMetric extends Omit<MetricSnapshot, "labels"> {
  labels?: string[];
  /** The generation of the label list: a new number whenever the list changes. */
  gen: number;
}

export function isRequest(message: unknown): message is SnapshotRequest {
  return (
    message !== null &&
    typeof message === "object" &&
    (message as SnapshotRequest).type === REQUEST_TYPE &&
    typeof (message as SnapshotRequest).id === "string"
  );
}

export function isResponse(message: unknown): message is SnapshotResponse {
  return (
    message !== null &&
    typeof message === "object" &&
    (message as SnapshotResponse).type === RESPONSE_TYPE &&
    typeof (message as SnapshotResponse).id === "string" &&
    Array.isArray((message as SnapshotResponse).metrics)
  );
}

export function toWire(value: number): WireNumber {
  if (Number.isFinite(value)) return value;
  if (Number.isNaN(value)) return "NaN";
  return value > 0 ? "+Inf" : "-Inf";
}

export function fromWire(value: WireNumber): number {
  if (typeof value === "number") return value;
  return value === "+Inf" ? Infinity : value === "-Inf" ? -Infinity : NaN;
}

/** Numbers per series in `values`. */
export function stride(snapshot: Pick<MetricSnapshot, "type" | "buckets">): number {
  return snapshot.type === "histogram" ? (snapshot.buckets?.length ?? 0) + 3 : 1;
}
