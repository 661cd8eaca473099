// The cases of the metrics suite and the target for each (Sightline's value).

export const CASE_IDS = ["inc", "inc-bound", "observe", "observe-bound", "expose", "cluster"] as const;
export type CaseId = (typeof CASE_IDS)[number];

export interface MetricsCase {
  readonly id: CaseId;
  readonly title: string;
  /** Unit of the case's value: time per operation, or per exposition or scrape. */
  readonly unit: "ns/op" | "ms";
  /** Sightline's value must be at most this; undefined where the issue sets none. */
  readonly target: number | undefined;
  /** Whether the case also reports the call alone and the longest event-loop block, in ms. */
  readonly blocks: boolean;
}

export const CASES: Readonly<Record<CaseId, MetricsCase>> = {
  inc: { id: "inc", title: "counter `inc`, 3 labels", unit: "ns/op", target: 60, blocks: false },
  "inc-bound": {
    id: "inc-bound",
    title: "counter `inc`, bound (`labels()` once)",
    unit: "ns/op",
    target: 10,
    blocks: false,
  },
  observe: {
    id: "observe",
    title: "histogram `observe`, 2 labels, 11 buckets",
    unit: "ns/op",
    target: undefined,
    blocks: false,
  },
  "observe-bound": {
    id: "observe-bound",
    title: "histogram `observe`, bound",
    unit: "ns/op",
    target: 25,
    blocks: false,
  },
  expose: {
    id: "expose",
    title: "`expose()` of 10,000 series + encoding the body",
    unit: "ms",
    target: 3,
    blocks: true,
  },
  cluster: {
    id: "cluster",
    title: "cluster scrape, 4 workers × 10,000 series + encoding",
    unit: "ms",
    target: 20,
    blocks: true,
  },
};

/** Series in the registry of `expose` and in each worker of `cluster`. */
export const SERIES = 10_000;
export const CLUSTER_WORKERS = 4;

/** What one child run reports. */
export interface MetricsResult {
  /** ns per operation, or the median ms per exposition or scrape of the run (body encoded included). */
  value: number;
  /** The median ms of the expose() or scrape call alone, without encoding its body. */
  callMs?: number;
  /** The longest event-loop block during the timed expositions or scrapes, ms. */
  blockMs?: number;
}
