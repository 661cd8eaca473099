// The benchmark driver: `npm run bench -- <suite> [--runs N] [--save] [--source] [suite options]`
// (bench/README.md says what each suite measures and which options it takes).
// Every measurement runs in fresh child processes, which load Sightline's compiled dist/ (as
// users do; npm run bench builds it first) unless --source. Progress goes to stderr, the
// Markdown report to stdout.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fail } from "./shared/cli.ts";
import type { Suite } from "./shared/suite.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

const SUITES: Readonly<Record<string, () => Promise<Suite>>> = {
  http: async () => (await import("./http/suite.ts")).suite,
  log: async () => (await import("./log/suite.ts")).suite,
  metrics: async () => (await import("./metrics/suite.ts")).suite,
  redact: async () => (await import("./redact/suite.ts")).suite,
};

const COMMON_OPTIONS = ["runs", "save", "source"];

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      runs: { type: "string" },
      save: { type: "boolean" },
      source: { type: "boolean" },
      lines: { type: "string" },
      ops: { type: "string" },
      only: { type: "string" },
      contenders: { type: "string" },
      warmup: { type: "string" },
      duration: { type: "string" },
      connections: { type: "string" },
    },
  });
  const name = positionals[0];
  const load = name === undefined ? undefined : SUITES[name];
  if (name === undefined || load === undefined) fail(`name a suite: ${Object.keys(SUITES).join(", ")}`);
  const suite = await load();
  const foreign = Object.keys(values).filter((key) => !COMMON_OPTIONS.includes(key) && !suite.options.includes(key));
  if (foreign.length > 0) fail(`the ${name} suite takes no --${foreign.join(", --")}`);

  const report = await suite.run(values, values.source === true);
  process.stdout.write(report);
  if (values.save === true) {
    const out = path.join(here, "results", `${name}-${new Date().toISOString().replace(/[:.]/g, "-")}.md`);
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, report);
    process.stderr.write(`saved ${path.relative(process.cwd(), out)}\n`);
  }
}

await main();
