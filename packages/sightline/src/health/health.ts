// The health of one service: liveness, readiness (checks run in parallel, shared and cached)
// and startup, plus the draining state graceful shutdown sets.

import { anyOf, checkOptions, instanceOf, invalidOption, is, type OptionRules } from "../internal/options.ts";
import { getLogger } from "../log/index.ts";
import { Gauge, registry as defaultRegistry, Registry } from "../metrics/index.ts";
import { runChecks, type NamedCheck } from "./run-checks.ts";
import { installShutdown, type ShutdownOptions } from "./shutdown.ts";
import type {
  CheckDefinition,
  CheckFunction,
  CheckReport,
  LivenessReport,
  ReadinessReport,
  ReadinessStatus,
} from "./types.ts";

/** Options of {@link createHealth}. @since 0.1.0 */
export interface HealthOptions {
  /** Readiness checks by name: a function, or `{ check, critical, timeoutMs }`. */
  checks?: Readonly<Record<string, CheckFunction | CheckDefinition>>;
  /** Default per-check timeout. Default 800 ms, inside Kubernetes' default 1 s probe timeout. */
  timeoutMs?: number;
  /** How long a readiness result is reused. Default 1000 ms. */
  cacheMs?: number;
  /** Shown as `version` in application/health+json. */
  version?: string;
  /** Shown as `serviceId` in application/health+json. */
  serviceId?: string;
  /** Where health_check_status and health_check_duration_seconds go; `false` for none. */
  registry?: Registry | false;
}

/** A readiness answer: the report and the HTTP status it maps to. */
export interface ReadinessAnswer {
  statusCode: 200 | 503;
  report: ReadinessReport;
}

const log = getLogger("sightline.health");
const WHERE = "createHealth()";

const RULES: OptionRules<HealthOptions> = {
  checks: is.object,
  timeoutMs: is.positiveMilliseconds,
  cacheMs: is.milliseconds,
  version: is.string,
  serviceId: is.string,
  registry: anyOf(instanceOf(Registry, "a Registry"), { expected: "false", test: (value) => value === false }),
};

const CHECK_RULES: OptionRules<CheckDefinition> = {
  check: is.function,
  critical: is.boolean,
  timeoutMs: is.positiveMilliseconds,
};

function normalise(checks: HealthOptions["checks"], timeoutMs: number): NamedCheck[] {
  if (checks === undefined) return [];
  return Object.entries(checks).map(([name, entry]) => {
    const where = `check "${name}" of ${WHERE}`;
    if (typeof entry !== "function" && typeof entry?.check !== "function") {
      throw invalidOption(where, undefined, "expected a check function or { check: function }");
    }
    const definition = typeof entry === "function" ? { check: entry } : checkOptions(where, entry, CHECK_RULES);
    return {
      name,
      check: definition.check,
      critical: definition.critical ?? true,
      timeoutMs: definition.timeoutMs ?? timeoutMs,
    };
  });
}

function overall(checks: Record<string, CheckReport>, draining: boolean): ReadinessStatus {
  if (draining) return "fail";
  let status: ReadinessStatus = "ok";
  for (const report of Object.values(checks)) {
    if (report.status === "ok") continue;
    if (report.critical) return "fail";
    status = "degraded";
  }
  return status;
}

/**
 * Liveness, readiness and startup for one service. Create it once, serve it with
 * {@link Health.handler} (or an HTTP adapter's `health` option) and install graceful shutdown.
 * @since 0.1.0
 */
export class Health {
  readonly version: string | undefined;
  readonly serviceId: string | undefined;
  readonly #checks: NamedCheck[];
  readonly #cacheMs: number;
  #started = false;
  #draining = false;
  #inFlight: Promise<Record<string, CheckReport>> | undefined;
  #cached: { at: number; checks: Record<string, CheckReport> } | undefined;
  readonly #lastStatus = new Map<string, string>();
  readonly #statusGauge: Gauge<"check"> | undefined;
  readonly #durationGauge: Gauge<"check"> | undefined;

  /** @internal use createHealth() */
  constructor(options: HealthOptions) {
    checkOptions(WHERE, options, RULES);
    this.#cacheMs = options.cacheMs ?? 1000;
    this.#checks = normalise(options.checks, options.timeoutMs ?? 800);
    this.version = options.version;
    this.serviceId = options.serviceId;
    const registry = options.registry === undefined ? defaultRegistry : options.registry;
    if (registry !== false) {
      this.#statusGauge = new Gauge({
        name: "health_check_status",
        help: "Whether the last run of a readiness check passed (1) or failed (0).",
        labelNames: ["check"],
        registers: [registry],
      });
      this.#durationGauge = new Gauge({
        name: "health_check_duration_seconds",
        help: "How long the last run of a readiness check took.",
        unit: "seconds",
        labelNames: ["check"],
        registers: [registry],
      });
    }
  }

  get started(): boolean {
    return this.#started;
  }

  get draining(): boolean {
    return this.#draining;
  }

  /** Startup probes pass from now on. */
  markStarted(): void {
    this.#started = true;
  }

  /** Readiness fails from now on (graceful shutdown calls this first). */
  markDraining(): void {
    this.#draining = true;
  }

  /**
   * Graceful shutdown on SIGTERM/SIGINT: readiness fails, servers drain, cleanup runs, logs are
   * flushed, exit 0. Returns a function that removes the signal handlers.
   */
  installShutdown(options?: ShutdownOptions): () => void {
    return installShutdown(this, options);
  }

  /** Liveness never looks at dependencies: a process that can answer is alive. */
  liveness(): LivenessReport {
    return { status: "ok", timestamp: new Date().toISOString(), uptime_s: Math.round(process.uptime() * 1000) / 1000 };
  }

  /** Runs the checks (or reuses a run in progress or a recent result). 503 when not ready. */
  async readiness(): Promise<ReadinessAnswer> {
    const checks = await this.#currentChecks();
    const status = overall(checks, this.#draining);
    const report: ReadinessReport = { status, checks, timestamp: new Date().toISOString() };
    if (this.#draining) report.draining = true;
    return { statusCode: status === "fail" ? 503 : 200, report };
  }

  /** 503 until markStarted(). */
  startup(): { statusCode: 200 | 503; report: { status: "ok" | "starting"; timestamp: string } } {
    return {
      statusCode: this.#started ? 200 : 503,
      report: { status: this.#started ? "ok" : "starting", timestamp: new Date().toISOString() },
    };
  }

  #currentChecks(): Promise<Record<string, CheckReport>> {
    if (this.#cached !== undefined && performance.now() - this.#cached.at < this.#cacheMs) {
      return Promise.resolve(this.#cached.checks);
    }
    // concurrent probes share one run
    this.#inFlight ??= runChecks(this.#checks).then((checks) => {
      this.#inFlight = undefined;
      this.#cached = { at: performance.now(), checks };
      this.#record(checks);
      return checks;
    });
    return this.#inFlight;
  }

  #record(checks: Record<string, CheckReport>): void {
    for (const [name, report] of Object.entries(checks)) {
      this.#statusGauge?.set({ check: name }, report.status === "ok" ? 1 : 0);
      this.#durationGauge?.set({ check: name }, report.duration_ms / 1000);
      const previous = this.#lastStatus.get(name);
      if (previous === report.status) continue;
      this.#lastStatus.set(name, report.status);
      if (report.status === "fail") {
        log.warning("health_check_failed", { check: name, critical: report.critical, error: report.error });
      } else if (previous !== undefined) {
        log.info("health_check_recovered", { check: name });
      }
    }
  }
}

/**
 * Creates the health of a service.
 *
 * @example
 * const health = createHealth({ checks: { database: sqliteCheck(db) }, version: "1.4.2" });
 * @see docs/health.md
 * @since 0.1.0
 */
export function createHealth(options: HealthOptions = {}): Health {
  return new Health(options);
}
