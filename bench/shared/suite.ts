// What a benchmark suite gives the driver (bench/run.ts).

/** Option values as node:util parseArgs returns them. */
export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

export interface Suite {
  /** Options the suite takes besides --runs, --save and --source (names without dashes). */
  readonly options: readonly string[];
  /** Runs every measurement (progress on stderr) and returns the Markdown report. */
  run(values: OptionValues, source: boolean): string | Promise<string>;
}

export function stringOption(values: OptionValues, name: string): string | undefined {
  const value = values[name];
  return typeof value === "string" ? value : undefined;
}
