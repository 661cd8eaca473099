// The service's settings, from the environment: every variable read here, checked once at start,
// with an error naming the variable when a value is wrong.

import path from "node:path";

export interface ServiceConfig {
  /** PORT, default 3000 (0 picks a free port). */
  port: number;
  /** HOST, default 127.0.0.1. */
  host: string;
  /** DATA_DIR, default `.data`: the SQLite database and the embedded error store. */
  dataDir: string;
  /** DATABASE_URL: PostgreSQL instead of the embedded SQLite database. */
  databaseUrl: string | undefined;
  /** REDIS_URL: the rate limit's counters in Redis instead of in memory. */
  redisUrl: string | undefined;
  /** SENTRY_DSN: errors to Sentry instead of the embedded store. */
  sentryDsn: string | undefined;
  /** NODE_ENV, default development. */
  environment: string;
  /** SHUTDOWN_DRAIN_MS: time between failing readiness and closing the server (production 5000, else 0). */
  drainDelayMs: number;
  /** RATE_LIMIT_PER_MINUTE, default 60. */
  rateLimitPerMinute: number;
  /** DEMO=1, or a development environment: enables GET /demo/fail. */
  demo: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

/** A wrong value in the environment; `variable` names it. */
export class ConfigError extends Error {
  readonly variable: string;
  constructor(variable: string, problem: string) {
    super(`${variable}: ${problem}`);
    this.name = "ConfigError";
    this.variable = variable;
  }
}

function text(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value === undefined || value === "" ? undefined : value;
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const value = text(env, name);
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!/^\d+$/.test(value) || parsed < min || parsed > max) {
    throw new ConfigError(name, `expected an integer from ${min} to ${max}, got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function url(env: Env, name: string, protocols: readonly string[]): string | undefined {
  const value = text(env, name);
  if (value === undefined) return undefined;
  let protocol: string;
  try {
    protocol = new URL(value).protocol;
  } catch {
    throw new ConfigError(name, `not a URL (expected ${protocols.map((p) => `${p}//…`).join(" or ")})`);
  }
  if (!protocols.includes(protocol)) {
    throw new ConfigError(name, `expected a ${protocols.join(" or ")} URL, got ${protocol}`);
  }
  return value;
}

export function readConfig(env: Env = process.env): ServiceConfig {
  const environment = text(env, "NODE_ENV") ?? "development";
  const production = environment === "production";
  return {
    port: integer(env, "PORT", 3000, 0, 65_535),
    host: text(env, "HOST") ?? "127.0.0.1",
    dataDir: path.resolve(text(env, "DATA_DIR") ?? ".data"),
    databaseUrl: url(env, "DATABASE_URL", ["postgres:", "postgresql:"]),
    redisUrl: url(env, "REDIS_URL", ["redis:", "rediss:"]),
    sentryDsn: text(env, "SENTRY_DSN"),
    environment,
    drainDelayMs: integer(env, "SHUTDOWN_DRAIN_MS", production ? 5000 : 0, 0, 60_000),
    rateLimitPerMinute: integer(env, "RATE_LIMIT_PER_MINUTE", 60, 1, 1_000_000),
    demo: text(env, "DEMO") === "1" || environment === "development",
  };
}
