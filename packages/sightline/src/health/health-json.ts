// application/health+json (the IETF "Health Check Response Format for HTTP APIs" draft):
// pass | warn | fail, with a checks map of observations.

import type { Health } from "./health.ts";
import type { ReadinessReport } from "./types.ts";

export const HEALTH_JSON = "application/health+json";

type DraftStatus = "pass" | "warn" | "fail";

interface DraftCheck {
  status: DraftStatus;
  time: string;
  observedValue: number;
  observedUnit: "ms";
  output?: string;
}

export function wantsHealthJson(accept: string | undefined): boolean {
  return accept !== undefined && accept.includes(HEALTH_JSON);
}

/** The readiness report in the draft's shape. */
export function toHealthJson(health: Health, report: ReadinessReport): Record<string, unknown> {
  const checks: Record<string, DraftCheck[]> = {};
  for (const [name, check] of Object.entries(report.checks)) {
    const entry: DraftCheck = {
      status: check.status === "ok" ? "pass" : check.critical ? "fail" : "warn",
      time: report.timestamp,
      observedValue: check.duration_ms,
      observedUnit: "ms",
    };
    if (check.error !== undefined) entry.output = check.error;
    checks[`${name}:responseTime`] = [entry];
  }
  const status: DraftStatus = report.status === "ok" ? "pass" : report.status === "degraded" ? "warn" : "fail";
  return {
    status,
    ...(health.version === undefined ? {} : { version: health.version }),
    ...(health.serviceId === undefined ? {} : { serviceId: health.serviceId }),
    ...(report.draining ? { output: "shutting down" } : {}),
    checks,
  };
}
