// Turns the runs of the HTTP suite into its Markdown table, what Sightline adds over each bare
// framework (the verdict on each target where there is one) and the record of what each
// contender was checked to have done.

import { median, medianRange } from "../shared/stats.ts";
import { bareOf, contenderOf, CONTENDERS, FRAMEWORK_NAMES, type ContenderId } from "./contenders.ts";
import type { HttpRun } from "./result.ts";

const runsOf = (runs: readonly HttpRun[], id: ContenderId): HttpRun[] => runs.filter((run) => run.contender === id);

type Measure = (run: HttpRun) => number;

const total: Measure = (run) => run.cpuMicrosPerRequest;
const user: Measure = (run) => run.cpuMicrosPerRequest - run.systemMicrosPerRequest;

/** CPU per request over the bare framework, paired within each round (the rounds where both ran). */
export function pairedExtra(runs: readonly HttpRun[], id: ContenderId, measure: Measure = total): number[] {
  const bare = bareOf(CONTENDERS[id].framework);
  const extras: number[] = [];
  for (const run of runsOf(runs, id)) {
    const base = runs.find((other) => other.contender === bare && other.round === run.round);
    if (base !== undefined) extras.push(measure(run) - measure(base));
  }
  return extras;
}

const signed = (value: number, digits: number): string => `${value >= 0 ? "+" : "−"}${Math.abs(value).toFixed(digits)}`;

function signedRange(values: readonly number[], digits: number): string {
  const sorted = [...values].sort((x, y) => x - y);
  const low = sorted[0] ?? NaN;
  const high = sorted[sorted.length - 1] ?? NaN;
  return `${signed(median(values), digits)} (${signed(low, digits)} to ${signed(high, digits)})`;
}

/** `median (min–max)` of request rates, rounded, with thousands separators. */
function rateRange(values: readonly number[]): string {
  const format = (value: number): string => Math.round(value).toLocaleString("en-US");
  return `${format(median(values))} (${format(Math.min(...values))}–${format(Math.max(...values))})`;
}

function row(runs: readonly HttpRun[], id: ContenderId): string {
  const info = CONTENDERS[id];
  const own = runsOf(runs, id);
  const isBare = info.kind === "bare";
  const extras = isBare ? [] : pairedExtra(runs, id);
  const extra = isBare ? "—" : extras.length === 0 ? "n/a" : signedRange(extras, 1);
  const target = info.targetMicros === undefined ? "—" : `≤ +${info.targetMicros}`;
  const holds =
    info.targetMicros === undefined || extras.length === 0
      ? "—"
      : median(extras) <= info.targetMicros
        ? "yes"
        : "**no**";
  const cells = [
    FRAMEWORK_NAMES[info.framework].table,
    info.title,
    rateRange(own.map((run) => run.requestsPerSecond)),
    medianRange(own.map(total), 1),
    median(own.map((run) => run.systemMicrosPerRequest)).toFixed(1),
    extra,
    target,
    holds,
    median(own.map((run) => run.serverCores)).toFixed(2),
    median(own.map((run) => run.loadCores)).toFixed(2),
    median(own.map((run) => run.latencyP99Ms)).toFixed(0),
  ];
  return `| ${cells.join(" | ")} |`;
}

export function markdownTable(runs: readonly HttpRun[], contenders: readonly ContenderId[]): string {
  return [
    "| framework | contender | req/s, median (min–max) | server CPU µs/request, median (min–max) | of which system | µs/request over bare, paired, median (min to max) | target | holds? | server cores | autocannon cores | p99 latency, ms |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: | ---: | ---: |",
    ...contenders.map((id) => row(runs, id)),
  ].join("\n");
}

/**
 * One line per Sightline contender: its paired median over the bare framework, against its target
 * where it has one, with the pino pair's beside it where the framework has one.
 */
export function sightlineVerdicts(runs: readonly HttpRun[], contenders: readonly ContenderId[]): string {
  const lines: string[] = [];
  for (const id of contenders) {
    const info = CONTENDERS[id];
    const extras = pairedExtra(runs, id);
    if (info.kind !== "sightline" || extras.length === 0) continue;
    const measured = median(extras);
    const userOnly = median(pairedExtra(runs, id, user));
    const pinoId = contenderOf(info.framework, "pino");
    const pino = pinoId === undefined || !contenders.includes(pinoId) ? [] : pairedExtra(runs, pinoId);
    const against =
      pinoId === undefined || pino.length === 0 ? "" : ` (${CONTENDERS[pinoId].title}: ${signed(median(pino), 1)} µs)`;
    const name = FRAMEWORK_NAMES[info.framework].name;
    const verdict =
      info.targetMicros === undefined
        ? `Sightline on ${name} (no target): ${signed(measured, 1)} µs CPU/request over bare`
        : `Sightline on ${name} ≤ +${info.targetMicros} µs CPU/request over bare: ${signed(measured, 1)} µs, ` +
          (measured <= info.targetMicros ? "holds" : "MISSED");
    lines.push(`- ${verdict}${against}; user time alone ${signed(userOnly, 1)} µs`);
  }
  return lines.join("\n");
}

/** What each contender was checked to have done, over all its runs (warm-up included). */
export function checkVerdicts(runs: readonly HttpRun[], contenders: readonly ContenderId[]): string {
  const lines = ["Checked after every run (requests answered by the route handler, warm-up included):", ""];
  for (const id of contenders) {
    const own = runsOf(runs, id);
    const perRequest = own.map((run) => run.linesPerRequest);
    const logText = `log lines per request ${Math.min(...perRequest).toFixed(3)}–${Math.max(...perRequest).toFixed(3)}`;
    const counted = own.map((run) => run.countedPerRequest).filter((value): value is number => value !== undefined);
    const metricsText =
      counted.length === 0
        ? "no metrics"
        : `requests counted in its /metrics ÷ answered ${Math.min(...counted).toFixed(4)}–${Math.max(...counted).toFixed(4)}`;
    const { title, framework } = CONTENDERS[id];
    lines.push(`- ${title} (${FRAMEWORK_NAMES[framework].table}): ${logText}; ${metricsText}`);
  }
  return lines.join("\n");
}

/** How busy the rest of the machine was during the measured windows. */
export function otherWork(runs: readonly HttpRun[]): string {
  const others = runs.map((run) => run.otherCores).filter((value): value is number => value !== undefined);
  if (others.length === 0)
    return "CPU used by the rest of the machine during the measured windows: unknown (no /proc/stat)";
  return (
    `CPU used by the rest of the machine during the measured windows (all CPUs' busy time less the server's and ` +
    `autocannon's): median ${median(others).toFixed(2)} cores, highest ${Math.max(...others).toFixed(2)}`
  );
}
