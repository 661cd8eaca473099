// One measured run of the redact suite, in a fresh process: `child.ts <variant> <mode> <chars> <file>`.
// mode log: Sightline logs one line whose field is the hostile string, to <file>, and flushes.
// mode redact: redact({ text: hostile }). Building the string of <chars> characters is outside the clock. The first
// call is timed cold (as a hostile input meets a fresh process), then LATER_CALLS more, whose
// median is reported as warm. The output must hold none of the embedded secrets.

import fs from "node:fs";
import { performance } from "node:perf_hooks";
import { configure, flush, getLogger, redact } from "sightline";
import { printResult } from "../shared/result.ts";
import { median } from "../shared/stats.ts";
import { hostileString, leakedSecrets, VARIANT_IDS, type VariantId } from "./hostile.ts";
import { MODES, type Mode, type RedactResult, type Timing } from "./modes.ts";

const LATER_CALLS = 4;

async function timeCalls(call: () => Promise<void> | void): Promise<Timing> {
  const times: number[] = [];
  for (let i = 0; i <= LATER_CALLS; i++) {
    const start = performance.now();
    await call();
    times.push(performance.now() - start);
  }
  return { coldMs: times[0] as number, warmMs: median(times.slice(1)) };
}

function checkLogFile(file: string): void {
  const lines = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line !== "");
  if (lines.length !== LATER_CALLS + 1) throw new Error(`expected ${LATER_CALLS + 1} lines, found ${lines.length}`);
  for (const line of lines) {
    const payload: unknown = (JSON.parse(line) as { payload?: unknown }).payload;
    if (typeof payload !== "string" || payload.length === 0) throw new Error(`no payload in ${line.slice(0, 200)}`);
    const leaked = leakedSecrets(line);
    if (leaked.length > 0) throw new Error(`the log line leaks ${leaked.join(", ")}`);
  }
}

async function main(args: string[]): Promise<void> {
  const [variant, mode, charsText, file] = args;
  if (!VARIANT_IDS.includes(variant as VariantId)) throw new Error(`unknown variant ${JSON.stringify(variant)}`);
  if (!MODES.includes(mode as Mode)) throw new Error(`unknown mode ${JSON.stringify(mode)}`);
  const chars = Number(charsText);
  if (!Number.isInteger(chars) || chars < 1000) throw new Error(`bad length ${JSON.stringify(charsText)}`);
  if (file === undefined) throw new Error("no output file given");
  const hostile = hostileString(variant as VariantId, chars);
  if (hostile.length !== chars) throw new Error(`hostile string of ${hostile.length} characters`);

  let result: Timing;
  if (mode === "log") {
    configure({ level: "info", format: "json", destination: file });
    const log = getLogger("bench");
    result = await timeCalls(async () => {
      log.info("hostile_input", { payload: hostile });
      await flush();
    });
    checkLogFile(file);
  } else {
    let out: { text: string } = { text: "" };
    result = await timeCalls(() => {
      out = redact({ text: hostile });
    });
    const leaked = leakedSecrets(out.text);
    if (leaked.length > 0) throw new Error(`redact() leaves ${leaked.join(", ")}`);
  }
  const report: RedactResult = { ...result, maxRssKiB: process.resourceUsage().maxRSS };
  printResult(report);
}

await main(process.argv.slice(2));
