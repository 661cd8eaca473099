// Runs every check in parallel, each bounded by its timeout: a hung dependency yields a failed
// check in time, never a hung probe.

import { redact } from "../redact/index.ts";
import { summariseError } from "./summarise-error.ts";
import type { CheckDefinition, CheckReport } from "./types.ts";

export interface NamedCheck extends Required<Omit<CheckDefinition, "check">> {
  readonly name: string;
  readonly check: CheckDefinition["check"];
}

class CheckTimeout extends Error {
  constructor(ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = "CheckTimeout";
  }
}

async function runOne(check: NamedCheck): Promise<CheckReport> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const started = performance.now();
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new CheckTimeout(check.timeoutMs));
    }, check.timeoutMs);
  });
  try {
    const details = await Promise.race([Promise.resolve().then(() => check.check(controller.signal)), timeout]);
    const report: CheckReport = { status: "ok", duration_ms: elapsed(started), critical: check.critical };
    if (details !== undefined && details !== null && typeof details === "object") report.details = redact(details);
    return report;
  } catch (error) {
    return { status: "fail", duration_ms: elapsed(started), critical: check.critical, error: summariseError(error) };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 100) / 100;
}

/** Every check's report, by name. */
export async function runChecks(checks: readonly NamedCheck[]): Promise<Record<string, CheckReport>> {
  const reports = await Promise.all(checks.map(runOne));
  const byName: Record<string, CheckReport> = {};
  checks.forEach((check, index) => (byName[check.name] = reports[index] as CheckReport));
  return byName;
}
