// The redact suite: `npm run bench -- redact [--runs N] [--only bearer,mixed]`. Sightline only:
// how long one hostile 10 MB string takes through a log line and through redact(), and how the
// cost grows from 1 MB to 10 MB (10× is linear). Each (variant, mode, size, run) is a fresh
// child process (redact/child.ts), which checks that no embedded secret survives.

import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseList, positiveInteger } from "../shared/cli.ts";
import { runChild } from "../shared/child-process.ts";
import { machine } from "../shared/machine.ts";
import { median, medianRange } from "../shared/stats.ts";
import { stringOption, type OptionValues, type Suite } from "../shared/suite.ts";
import { HOSTILE_LENGTH, VARIANT_IDS, VARIANTS, type VariantId } from "./hostile.ts";
import type { Mode, RedactResult } from "./modes.ts";

const child = path.join(path.dirname(fileURLToPath(import.meta.url)), "child.ts");
const SMALL_LENGTH = HOSTILE_LENGTH / 10;
/** "Milliseconds, not minutes": every first call within this, and growth from 1 to 10 MB near linear. */
const CLAIM_MS = 1000;
const CLAIM_GROWTH = 15;

interface Measurement {
  readonly mode: Mode;
  readonly chars: number;
}

const MEASUREMENTS: readonly Measurement[] = [
  { mode: "log", chars: HOSTILE_LENGTH },
  { mode: "redact", chars: HOSTILE_LENGTH },
  { mode: "redact", chars: SMALL_LENGTH },
];

type Runs = Map<string, RedactResult[]>;
const key = (variant: VariantId, { mode, chars }: Measurement): string => `${variant}/${mode}/${chars}`;

function table(runs: Runs, variants: readonly VariantId[]): string {
  const get = (variant: VariantId, measurement: Measurement): RedactResult[] =>
    runs.get(key(variant, measurement)) ?? [];
  const [log, big, small] = MEASUREMENTS as [Measurement, Measurement, Measurement];
  const rows = [
    "| hostile 10 MB string | log line + flush, first call, ms | later calls, ms | `redact({ text })`, first call, ms | later calls, ms | `redact()` of 1 MB, later calls, ms | growth 1 → 10 MB | peak RSS, `redact()` 10 MB, MB |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
  ];
  for (const variant of variants) {
    const cold = (m: Measurement): number[] => get(variant, m).map((r) => r.coldMs);
    const warm = (m: Measurement): number[] => get(variant, m).map((r) => r.warmMs);
    const growth = median(warm(big)) / median(warm(small));
    const rss = median(get(variant, big).map((r) => (r.maxRssKiB * 1024) / 1e6));
    rows.push(
      `| ${VARIANTS[variant].title} | ${medianRange(cold(log), 1)} | ${medianRange(warm(log), 1)} | ` +
        `${medianRange(cold(big), 0)} | ${medianRange(warm(big), 0)} | ${medianRange(warm(small), 1)} | ` +
        `${growth.toFixed(1)}× | ${rss.toFixed(0)} |`,
    );
  }
  return rows.join("\n");
}

function verdict(runs: Runs, variants: readonly VariantId[]): string {
  const worst = (mode: Mode, chars: number, pick: (r: RedactResult) => number): number =>
    Math.max(...variants.map((variant) => median((runs.get(key(variant, { mode, chars })) ?? []).map(pick))));
  const logMs = worst("log", HOSTILE_LENGTH, (r) => r.coldMs);
  const redactMs = worst("redact", HOSTILE_LENGTH, (r) => r.coldMs);
  const growths = variants.map((variant) => {
    const warm = (chars: number): number =>
      median((runs.get(key(variant, { mode: "redact", chars })) ?? []).map((r) => r.warmMs));
    return warm(HOSTILE_LENGTH) / warm(SMALL_LENGTH);
  });
  const maxGrowth = Math.max(...growths);
  const holds = logMs <= CLAIM_MS && redactMs <= CLAIM_MS && maxGrowth <= CLAIM_GROWTH;
  return (
    `- "a hostile 10 MB string costs milliseconds, not minutes": worst first call ${logMs.toFixed(1)} ms ` +
    `through a log line, ${redactMs.toFixed(0)} ms through \`redact()\`; growth 1 → 10 MB at most ` +
    `${maxGrowth.toFixed(1)}× (10× is linear): ${holds ? "holds" : "MISSED"} ` +
    `(taken as: every first call ≤ ${CLAIM_MS} ms and growth ≤ ${CLAIM_GROWTH}×)`
  );
}

function run(values: OptionValues, source: boolean): string {
  const runsWanted = positiveInteger(stringOption(values, "runs"), "--runs", 5);
  const variants = parseList(stringOption(values, "only"), VARIANT_IDS, "--only");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-bench-redact-"));
  const runs: Runs = new Map();
  const started = Date.now();
  try {
    for (let run = 1; run <= runsWanted; run++) {
      for (const variant of variants) {
        for (const measurement of MEASUREMENTS) {
          const { mode, chars } = measurement;
          const file = path.join(dir, `${variant}-${mode}-${run}.log`);
          const what = `${variant} (${mode}, ${chars} chars)`;
          const result = runChild(child, [variant, mode, String(chars), file], source, what) as RedactResult;
          fs.rmSync(file, { force: true });
          runs.set(key(variant, measurement), [...(runs.get(key(variant, measurement)) ?? []), result]);
          process.stderr.write(
            `run ${run}/${runsWanted} ${what}: first ${result.coldMs.toFixed(1)} ms, later ${result.warmMs.toFixed(1)} ms\n`,
          );
        }
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const seconds = Math.round((Date.now() - started) / 1000);
  return [
    `## Redaction of hostile input`,
    "",
    `${machine()} · ${HOSTILE_LENGTH.toLocaleString("en-US")}-character strings · median of ${runsWanted} runs · ` +
      `Sightline from ${source ? "source" : "dist/"} · ${seconds} s`,
    "",
    table(runs, variants),
    "",
    verdict(runs, variants),
    "",
  ].join("\n");
}

export const suite: Suite = { options: ["only"], run };
