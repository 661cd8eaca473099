// Turns the runs of the metrics suite into its Markdown table and the verdict on each target.

import { median, medianRange } from "../shared/stats.ts";
import { CASES, type CaseId, type MetricsResult } from "./cases.ts";

/** Runs of one (case, contender), keyed `${case}/${contender}`. */
export type Runs = Map<string, MetricsResult[]>;

export const runKey = (id: CaseId, contender: string): string => `${id}/${contender}`;

type Measure = (result: MetricsResult) => number | undefined;

const value: Measure = (result) => result.value;
const call: Measure = (result) => result.callMs;
const block: Measure = (result) => result.blockMs;

function values(runs: Runs, id: CaseId, contender: string, measure: Measure): number[] {
  return (runs.get(runKey(id, contender)) ?? []).map(measure).filter((v): v is number => v !== undefined);
}

const cell = (numbers: number[], digits: number): string =>
  numbers.length === 0 ? "n/a" : medianRange(numbers, digits);

function row(
  runs: Runs,
  id: CaseId,
  title: string,
  unit: string,
  measure: Measure,
  target: number | undefined,
): string {
  const digits = unit === "ns/op" ? 1 : 2;
  const ours = values(runs, id, "sightline", measure);
  const theirs = values(runs, id, "prom-client", measure);
  const ratio = ours.length > 0 && theirs.length > 0 ? `${(median(theirs) / median(ours)).toFixed(1)}×` : "n/a";
  const holds = target === undefined || ours.length === 0 ? "—" : median(ours) <= target ? "yes" : "**no**";
  return (
    `| ${title}, ${unit} | ${cell(ours, digits)} | ${cell(theirs, digits)} | ${ratio} | ` +
    `${target === undefined ? "—" : `≤ ${target}`} | ${holds} |`
  );
}

export function markdownTable(runs: Runs, cases: readonly CaseId[]): string {
  const rows = [
    "| case | Sightline, median (min–max) | prom-client, median (min–max) | prom-client ÷ Sightline | target (Sightline) | holds? |",
    "| --- | ---: | ---: | ---: | ---: | :---: |",
  ];
  for (const id of cases) {
    const { title, unit, target, blocks } = CASES[id];
    rows.push(row(runs, id, `(${id}) ${title}`, unit, value, target));
    if (!blocks) continue;
    rows.push(
      row(runs, id, `(${id}) the ${id === "expose" ? "`expose()`" : "scrape"} call alone`, "ms", call, undefined),
    );
    rows.push(row(runs, id, `(${id}) longest event-loop block`, "ms", block, undefined));
  }
  return rows.join("\n");
}

/** One line per target: Sightline's median and whether it holds. */
export function targetVerdicts(runs: Runs, cases: readonly CaseId[]): string {
  const lines: string[] = [];
  for (const id of cases) {
    const { title, unit, target } = CASES[id];
    const ours = values(runs, id, "sightline", value);
    if (target === undefined || ours.length === 0) continue;
    const measured = median(ours);
    const verdict = measured <= target ? "holds" : "MISSED";
    lines.push(
      `- (${id}) ${title} ≤ ${target} ${unit}: ${measured.toFixed(unit === "ns/op" ? 1 : 2)} ${unit}, ${verdict}`,
    );
  }
  return lines.join("\n");
}
