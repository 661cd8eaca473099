// Every measured run is a fresh child process that prints one result line (shared/result.ts).
// This starts such a child and returns the line's object.

import { spawnSync } from "node:child_process";
import { fail } from "./cli.ts";
import { RESULT_PREFIX } from "./result.ts";

/** The environment of a child: without variables that would reconfigure a library under test. */
export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const name of ["LOG_LEVEL", "LOG_FORMAT", "NODE_OPTIONS", "FORCE_COLOR"]) delete env[name];
  return env;
}

/**
 * Runs `script args...` under this Node, loading Sightline's compiled dist/ unless `source`
 * (then its TypeScript source, through the `sightline:source` export condition). `what` names
 * the run in error messages. Stops the bench when the child fails or prints no result.
 */
export function runChild(script: string, args: readonly string[], source: boolean, what: string): unknown {
  const argv = [...(source ? ["--conditions=sightline:source"] : []), script, ...args];
  const result = spawnSync(process.execPath, argv, { encoding: "utf8", env: childEnv(), maxBuffer: 64 << 20 });
  if (result.error !== undefined) fail(`${what}: ${result.error.message}`);
  if (result.stderr.trim() !== "") process.stderr.write(`${what} wrote on stderr:\n${result.stderr}`);
  if (result.status !== 0) fail(`${what} exited with ${result.status ?? result.signal}\n${result.stdout.slice(-2000)}`);
  const line = result.stdout.split("\n").find((candidate) => candidate.startsWith(RESULT_PREFIX));
  if (line === undefined) fail(`${what} printed no result:\n${result.stdout.slice(-2000)}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length));
}
