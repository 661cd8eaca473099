// The worker's side: one IPC listener answers each request with a snapshot of every registry
// served in this process (two registries must not send two answers: the primary keeps one).

import { onParentMessage } from "../../internal/lifecycle.ts";
import { getLogger } from "../../log/index.ts";
import type { Registry } from "../registry.ts";
import { isRequest, RESPONSE_TYPE, type SentMetric, type SnapshotRequest } from "./cluster-protocol.ts";
import { snapshotRegistries } from "./cluster-snapshot.ts";

/** Collect budget when a request names none (requests from this version always do). */
const DEFAULT_COLLECT_MS = 500;

interface Generation {
  readonly gen: number;
  readonly labels: readonly string[];
}

const served = new Set<Registry>();
let stopListening: (() => void) | undefined;
/** The label list last sent per metric, and its generation. */
let sent = new Map<string, Generation>();
let lastGen = 0;
const log = getLogger("sightline.metrics");
let failed = false;

function reportFailure(error: unknown): void {
  if (!failed) log.exception("cluster_metrics_answer_failed", error);
  failed = true;
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  // unchanged series keep their label strings: mostly a pointer comparison
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

async function answer(request: SnapshotRequest): Promise<void> {
  try {
    const known = new Map(Array.isArray(request.known) ? request.known : []);
    const metrics: SentMetric[] = [];
    const next = new Map<string, Generation>();
    const budget = request.collectTimeoutMs;
    const collectMs = typeof budget === "number" && budget > 0 ? budget : DEFAULT_COLLECT_MS;
    for (const snapshot of await snapshotRegistries(served, collectMs)) {
      let generation = sent.get(snapshot.name);
      if (generation === undefined || !sameLabels(generation.labels, snapshot.labels)) {
        generation = { gen: ++lastGen, labels: snapshot.labels };
      }
      next.set(snapshot.name, generation);
      const { labels, ...rest } = snapshot;
      metrics.push(
        known.get(snapshot.name) === generation.gen
          ? { ...rest, gen: generation.gen }
          : { ...rest, labels, gen: generation.gen },
      );
    }
    sent = next;
    if (process.connected) {
      process.send?.(
        { type: RESPONSE_TYPE, id: request.id, metrics },
        undefined,
        undefined,
        sightlineMetricsAnswerSent,
      );
    }
  } catch (error) {
    reportFailure(error);
  }
}

function sightlineMetricsAnswerSent(error: Error | null): void {
  // the channel closed while the worker was answering: the primary has moved on
  if (error && process.connected) reportFailure(error);
}

function onSightlineMetricsRequest(message: unknown): void {
  if (isRequest(message)) void answer(message);
}

/** Adds `registry` to what this process answers with; returns the function that takes it out. */
export function serve(registry: Registry): () => void {
  if (served.size === 0) stopListening = onParentMessage(onSightlineMetricsRequest);
  served.add(registry);
  return function stopServingClusterMetrics(): void {
    if (!served.delete(registry) || served.size > 0) return;
    stopListening?.();
    stopListening = undefined;
  };
}
