// Turns the runs into the Markdown table (medians per contender and scenario) and the verdict on
// each target of the issue.

import { BASELINE_ID, CONTENDERS, SYNC_BASELINE_ID } from "./contenders/index.ts";
import type { ChildResult } from "./result.ts";
import { SCENARIOS, type ScenarioId } from "./scenarios.ts";

/** Runs of one (scenario, contender), keyed `${scenario}/${contender}`. */
export type Runs = Map<string, ChildResult[]>;

export const runKey = (scenario: ScenarioId, contender: string): string => `${scenario}/${contender}`;

function median(values: number[]): number {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

interface Summary {
  /** Median calls (= lines, except in (e)) per second. */
  rate: number;
  /** (max − min) / median of the per-run rates. */
  spread: number;
  /** Median peak RSS, bytes, and the lowest and highest of the runs. */
  rssBytes: number;
  rssMin: number;
  rssMax: number;
}

function summarize(runs: ChildResult[] | undefined): Summary | undefined {
  if (runs === undefined || runs.length === 0) return undefined;
  const rates = runs.map((run) => run.calls / (run.ms / 1000));
  const rate = median(rates);
  return {
    rate,
    spread: (Math.max(...rates) - Math.min(...rates)) / rate,
    rssBytes: median(runs.map((run) => run.maxRssKiB * 1024)),
    rssMin: Math.min(...runs.map((run) => run.maxRssKiB * 1024)),
    rssMax: Math.max(...runs.map((run) => run.maxRssKiB * 1024)),
  };
}

const integer = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });
const mb = (bytes: number): string => (bytes / 1e6).toFixed(0);
const ratio = (value: number | undefined): string => (value === undefined ? "n/a" : `${value.toFixed(2)}×`);

export function markdownTable(runs: Runs, scenarios: readonly ScenarioId[]): string {
  const rows = [
    "| scenario | contender | lines/s | × pino | × pino (sync) | spread | peak RSS, MB (min–max) | RSS × pino (sync) |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const id of scenarios) {
    const scenario = SCENARIOS[id];
    const base = summarize(runs.get(runKey(id, BASELINE_ID)));
    const syncBase = summarize(runs.get(runKey(id, SYNC_BASELINE_ID)));
    for (const contender of CONTENDERS) {
      const summary = summarize(runs.get(runKey(id, contender.id)));
      if (summary === undefined) continue;
      const unit = scenario.writes ? "" : " calls/s";
      rows.push(
        `| (${id}) ${scenario.title} | ${contender.label} | ${integer.format(summary.rate)}${unit} | ` +
          `${ratio(base && summary.rate / base.rate)} | ${ratio(syncBase && summary.rate / syncBase.rate)} | ` +
          `${(summary.spread * 100).toFixed(0)}% | ` +
          `${mb(summary.rssBytes)} (${mb(summary.rssMin)}–${mb(summary.rssMax)}) | ${ratio(syncBase && summary.rssBytes / syncBase.rssBytes)} |`,
      );
    }
  }
  return rows.join("\n");
}

function sightlineOver(runs: Runs, id: ScenarioId, baseline: string, measure: (s: Summary) => number) {
  const sightline = summarize(runs.get(runKey(id, "sightline")));
  const base = summarize(runs.get(runKey(id, baseline)));
  return sightline && base ? measure(sightline) / measure(base) : undefined;
}

/** One line per target of the issue: the measured value and whether it holds. */
export function targetVerdicts(runs: Runs, scenarios: readonly ScenarioId[]): string {
  const lines: string[] = [];
  const verdict = (holds: boolean): string => (holds ? "holds" : "MISSED");
  const rate = (s: Summary): number => s.rate;
  for (const [id, target] of [["a", 1.6] as const, ["d", 5] as const]) {
    const value = sightlineOver(runs, id, BASELINE_ID, rate);
    if (value === undefined) continue;
    const sync = sightlineOver(runs, id, SYNC_BASELINE_ID, rate);
    lines.push(
      `- (${id}) throughput ≥ ${target}× pino: ${ratio(value)}, ${verdict(value >= target)} ` +
        `(against pino (sync): ${ratio(sync)})`,
    );
  }
  const rss = scenarios
    .filter((id) => SCENARIOS[id].writes)
    .map((id) => ({ id, value: sightlineOver(runs, id, SYNC_BASELINE_ID, (s) => s.rssBytes) }))
    .filter((entry): entry is { id: ScenarioId; value: number } => entry.value !== undefined);
  if (rss.length > 0) {
    const worst = rss.reduce((x, y) => (y.value > x.value ? y : x));
    lines.push(
      `- peak RSS ≤ 1.2× pino (sync): worst ${ratio(worst.value)} in (${worst.id}), ${verdict(worst.value <= 1.2)}`,
    );
  }
  const e = sightlineOver(runs, "e", BASELINE_ID, rate);
  if (e !== undefined) {
    // "No slower than 1.5× pino": time per call at most 1.5× pino's, so calls/s at least pino's / 1.5.
    lines.push(
      `- (e) disabled call no slower than 1.5× pino: time per call ${ratio(1 / e)} pino's, ${verdict(1 / e <= 1.5)}`,
    );
  }
  return lines.join("\n");
}
