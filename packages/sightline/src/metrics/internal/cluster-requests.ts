// The primary's side of a scrape: asks every connected worker for a snapshot and waits until
// each has answered, gone away or run out of time. Every request carries a new id, so an answer
// that arrives after its scrape has ended is recognised and dropped.

import cluster, { type Worker } from "node:cluster";
import { randomUUID } from "node:crypto";
import { LabelCache, type Held } from "./cluster-labels.ts";
import { collectBudget, isResponse, REQUEST_TYPE, type SnapshotRequest } from "./cluster-protocol.ts";

/** One worker's answer, and the label lists its request said the primary held. */
export interface Answer {
  readonly id: number;
  readonly metrics: unknown;
  readonly held: Held;
}

/** What one round of requests brought back. */
export interface Answers {
  /** The answers received, in worker id order. */
  readonly answers: readonly Answer[];
  /** Workers still connected that did not answer in time. */
  readonly timedOut: readonly number[];
}

interface Pending {
  readonly waiting: Set<number>;
  readonly held: Map<number, Held>;
  readonly answers: Answer[];
  readonly resolve: (answers: Answers) => void;
  /** While requests are still being sent, an early failure must not end the round. */
  sending: boolean;
  timer: NodeJS.Timeout | undefined;
}

/** Returns `ask(timeoutMs)`, which runs one round of requests to the current workers. */
export function workerRequests(cache: LabelCache): (timeoutMs: number) => Promise<Answers> {
  // unique across instances and library copies: all of them see every answer
  const prefix = randomUUID();
  let next = 0;
  const pending = new Map<string, Pending>();

  function finish(id: string, round: Pending, timedOut: readonly number[]): void {
    if (pending.get(id) !== round) return;
    clearTimeout(round.timer);
    pending.delete(id);
    if (pending.size === 0) {
      cluster.off("message", onSightlineMetricsAnswer);
      cluster.off("disconnect", onSightlineWorkerGone);
      cluster.off("exit", onSightlineWorkerGone);
    }
    round.resolve({ answers: round.answers.sort((a, b) => a.id - b.id), timedOut });
  }

  function drop(id: string, round: Pending, worker: number): void {
    if (round.waiting.delete(worker) && round.waiting.size === 0 && !round.sending) finish(id, round, []);
  }

  function onSightlineMetricsAnswer(worker: Worker, message: unknown): void {
    if (!isResponse(message)) return;
    const round = pending.get(message.id);
    // a late answer (its round is over) or a second one from the same worker
    if (round === undefined || !round.waiting.has(worker.id)) return;
    round.answers.push({ id: worker.id, metrics: message.metrics, held: round.held.get(worker.id) as Held });
    drop(message.id, round, worker.id);
  }

  function onSightlineWorkerGone(worker: Worker): void {
    for (const [id, round] of pending) drop(id, round, worker.id);
  }

  return function ask(timeoutMs: number): Promise<Answers> {
    const id = `${prefix}:${++next}`;
    return new Promise<Answers>((resolve) => {
      const round: Pending = {
        waiting: new Set(),
        held: new Map(),
        answers: [],
        resolve,
        sending: true,
        timer: undefined,
      };
      if (pending.size === 0) {
        cluster.on("message", onSightlineMetricsAnswer);
        cluster.on("disconnect", onSightlineWorkerGone);
        cluster.on("exit", onSightlineWorkerGone);
      }
      pending.set(id, round);
      for (const worker of Object.values(cluster.workers ?? {})) {
        if (worker === undefined || !worker.isConnected()) continue;
        const workerId = worker.id;
        const held = cache.held(workerId);
        const request: SnapshotRequest = {
          type: REQUEST_TYPE,
          id,
          known: LabelCache.known(held),
          collectTimeoutMs: collectBudget(timeoutMs),
        };
        round.waiting.add(workerId);
        round.held.set(workerId, held);
        try {
          worker.send(request, function sightlineMetricsRequestSent(error) {
            if (error) drop(id, round, workerId);
          });
        } catch {
          // the channel closed between isConnected() and send()
          round.waiting.delete(workerId);
        }
      }
      round.sending = false;
      if (round.waiting.size === 0) {
        finish(id, round, []);
        return;
      }
      round.timer = setTimeout(function sightlineMetricsTimeout() {
        finish(id, round, [...round.waiting]);
      }, timeoutMs);
    });
  };
}
