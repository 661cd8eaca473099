// The contenders of the metrics benchmark, behind one small interface. The objects it hands out
// are the libraries' own counters and histograms (typed structurally, not wrapped), so a hot loop
// calls the library directly. Each one is loaded only in its own child process.

export type Labels = Readonly<Record<string, string>>;

export interface BenchCounter {
  inc(labels: Labels, value?: number): void;
  labels(labels: Labels): { inc(): void };
}

export interface BenchHistogram {
  observe(labels: Labels, value: number): void;
  labels(labels: Labels): { observe(value: number): void };
}

export interface BenchRegistry {
  counter(name: string, labelNames: readonly string[]): BenchCounter;
  histogram(name: string, labelNames: readonly string[], buckets: readonly number[]): BenchHistogram;
  /** The Prometheus text exposition of the registry. */
  expose(): Promise<string>;
}

export interface MetricsContender {
  /** A new, empty registry. */
  registry(): BenchRegistry;
  /** In a cluster worker: the registry the primary's scrape reads, already served to it. */
  workerRegistry(): BenchRegistry;
  /** In the cluster primary: a function that scrapes every worker and returns the merged exposition. */
  clusterScrape(timeoutMs: number): () => Promise<string>;
}

export interface ContenderInfo {
  readonly id: string;
  readonly label: string;
  load(): Promise<MetricsContender>;
}

export const CONTENDERS: readonly ContenderInfo[] = [
  { id: "sightline", label: "Sightline", load: async () => (await import("./sightline.ts")).contender },
  { id: "prom-client", label: "prom-client", load: async () => (await import("./prom-client.ts")).contender },
];

export const CONTENDER_IDS = CONTENDERS.map((contender) => contender.id);
