// The shapes of health checks and their reports.

/** What a check returns: nothing, or details to show (redacted) in the readiness report. */
export type CheckResult = void | Readonly<Record<string, unknown>>;

/** A check: resolves when the dependency is usable, throws or rejects when it is not. */
export type CheckFunction = (signal: AbortSignal) => CheckResult | Promise<CheckResult>;

/** A check with its options. */
export interface CheckDefinition {
  check: CheckFunction;
  /** A failing critical check makes the service not ready (503); others only degrade it. Default true. */
  critical?: boolean;
  /** How long the check may take before it counts as failed. Default: createHealth's timeoutMs. */
  timeoutMs?: number;
}

export type CheckStatus = "ok" | "fail";

/** One check's outcome in a readiness report. */
export interface CheckReport {
  status: CheckStatus;
  duration_ms: number;
  critical: boolean;
  /** The error, summarised and redacted. */
  error?: string;
  details?: Readonly<Record<string, unknown>>;
}

export type ReadinessStatus = "ok" | "degraded" | "fail";

export interface ReadinessReport {
  status: ReadinessStatus;
  checks: Record<string, CheckReport>;
  timestamp: string;
  /** Set while the process is shutting down. */
  draining?: true;
}

export interface LivenessReport {
  status: "ok";
  timestamp: string;
  uptime_s: number;
}
