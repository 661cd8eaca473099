// The primary's copy of the label lists each worker has sent, so that a worker can leave out
// the lists that did not change. A request names what the primary holds at the time it is sent
// (`Held`); the answer is completed against that same copy, even if a concurrent scrape has
// replaced it meanwhile.

import { reportOnce } from "./cluster-merge.ts";
import type { MetricSnapshot, SentMetric } from "./cluster-protocol.ts";

interface Generation {
  readonly gen: number;
  readonly labels: string[];
}

/** The label lists held from one worker when a request was sent. Never modified. */
export type Held = ReadonlyMap<string, Generation>;

const NOTHING: Held = new Map();

export class LabelCache {
  readonly #workers = new Map<number, Held>();

  /** What the primary holds from worker `id` now. */
  held(id: number): Held {
    return this.#workers.get(id) ?? NOTHING;
  }

  /** The `known` list of a request. */
  static known(held: Held): Array<[string, number]> {
    return Array.from(held, ([name, { gen }]): [string, number] => [name, gen]);
  }

  /**
   * The answer of worker `id` with every label list filled in from `held` where it was left out
   * (a metric whose list cannot be found is dropped), and remembers the lists for next time.
   */
  complete(id: number, metrics: unknown, held: Held): MetricSnapshot[] {
    if (!Array.isArray(metrics)) return [];
    const complete: MetricSnapshot[] = [];
    const next = new Map<string, Generation>();
    for (const metric of metrics as SentMetric[]) {
      if (metric === null || typeof metric !== "object" || typeof metric.name !== "string") continue;
      let generation: Generation | undefined;
      if (Array.isArray(metric.labels)) {
        // a newline would end a sample line early: never from the worker's own escaping
        if (!metric.labels.every((text) => typeof text === "string" && !text.includes("\n"))) {
          reportOnce("cluster_snapshot_invalid", { worker: String(id) });
          continue;
        }
        generation = { gen: metric.gen, labels: metric.labels };
      } else if (held.get(metric.name)?.gen === metric.gen) generation = held.get(metric.name);
      if (generation === undefined) continue;
      if (typeof generation.gen === "number") next.set(metric.name, generation);
      complete.push({ ...metric, labels: generation.labels });
    }
    this.#workers.set(id, next);
    return complete;
  }

  /** Forgets the workers that are gone. */
  keepOnly(ids: ReadonlySet<number>): void {
    for (const id of this.#workers.keys()) if (!ids.has(id)) this.#workers.delete(id);
  }
}
