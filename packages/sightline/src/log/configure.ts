// configure(): validates options once at start-up and compiles everything that does not depend
// on a call (thresholds, static fields, serializer, redaction, destination) into one LogConfig.

import { SightlineError } from "../internal/errors.ts";
import { globalSlot } from "../internal/global.ts";
import { atExit, onCrash } from "../internal/lifecycle.ts";
import { anyOf, arrayOf, checkOptions, is, oneOf, type OptionRules } from "../internal/options.ts";
import { report } from "../internal/self-report.ts";
import { createRedactionPolicy, type RedactOptions, type RedactionPolicy } from "../redact/index.ts";
import { setActivePolicy } from "../redact/active-policy.ts";
import {
  DEFAULT_EXIT_TIMEOUT_MS,
  DEFAULT_LEVEL,
  DEFAULT_LIMITS,
  DEFAULT_MAX_BUFFER_BYTES,
  RESERVED_KEYS,
} from "./defaults.ts";
import { createDestination, type Destination, type DestinationOption } from "./destination.ts";
import { isLevelName, LEVELS, parseLevel, type LevelName } from "./levels.ts";
import type { LogProcessor } from "./processors.ts";
import { createSerializer, type SerializeLimits, type Serializer } from "./serialize.ts";

/** Options of {@link configure}. Every one is optional. @since 0.1.0 */
export interface ConfigureOptions {
  /** Lowest level written. Default `"info"`; the `LOG_LEVEL` environment variable wins. */
  level?: LevelName;
  /** Per-logger levels by name; `db` also covers `db.pool`. */
  levels?: Record<string, LevelName>;
  /** `auto` (default): console on a TTY outside production, JSON otherwise. `LOG_FORMAT` wins. */
  format?: "auto" | "json" | "console";
  /** Colours in console output. Default: on when writing to a TTY and `NO_COLOR` is unset. */
  colors?: boolean;
  /** Added to every line as `service`. */
  service?: string;
  /** Static fields added to every line. */
  fields?: Record<string, unknown>;
  /** `"stdout"` (default), `"stderr"`, a file path, `{ fd }` or any Writable. */
  destination?: DestinationOption;
  /** The redaction policy for every signal; `false` turns redaction off. */
  redact?: RedactOptions | false;
  /** Bounds on depth, string length and array length. */
  limits?: Partial<SerializeLimits>;
  /** Bytes held for a stalled destination before lines are dropped. Default 16 MiB. */
  maxBufferBytes?: number;
  /** How long the exit flush may wait for the destination. Default 3000 ms. */
  exitTimeoutMs?: number;
  /** Run in order on every line's merged fields before it is written (docs/logging.md). */
  processors?: readonly LogProcessor[];
}

const RULES: OptionRules<ConfigureOptions> = {
  level: is.any, // parseLevel() names the levels
  levels: is.object,
  format: is.any, // resolveFormat() names the formats
  colors: is.boolean,
  service: is.string,
  fields: is.object,
  destination: is.any, // createDestination() checks it
  redact: anyOf(is.object, oneOf(false)),
  limits: is.object,
  maxBufferBytes: is.positiveInteger,
  exitTimeoutMs: is.positiveInteger,
  processors: arrayOf(is.function),
};

const LIMIT_RULES: OptionRules<SerializeLimits> = {
  maxDepth: is.positiveInteger,
  maxStringLength: is.positiveInteger,
  maxArrayLength: is.positiveInteger,
};

/** Everything a log call needs, compiled once. Replaced as a whole by configure(). */
export interface LogConfig {
  readonly generation: number;
  readonly threshold: number;
  readonly levelOverrides: ReadonlyMap<string, number>;
  readonly console: boolean;
  readonly colors: boolean;
  readonly staticFields: Readonly<Record<string, unknown>>;
  /** Static keys plus the reserved ones: a later field with one of these names needs a merge. */
  readonly prefixKeys: ReadonlySet<string>;
  readonly staticFragment: string;
  readonly serializer: Serializer;
  readonly policy: RedactionPolicy | undefined;
  /** redact() stops at the same depth as lines do. */
  readonly maxDepth: number;
  readonly destination: Destination;
  readonly exitTimeoutMs: number;
  /** undefined when there are none: lines then take the cached-fragment path. */
  readonly processors: readonly LogProcessor[] | undefined;
}

/** The per-name part of a logger, shared by every logger and bound logger of that name. */
export interface LoggerCore {
  readonly name: string;
  /** `,"logger":"name"` */
  readonly nameFragment: string;
  threshold: number;
}

interface LogState {
  config: LogConfig | undefined;
  generation: number;
  readonly cores: Map<string, LoggerCore>;
  /** `LOG_LEVEL=verbose`-style mistakes already reported: one warning each per process. */
  readonly reportedEnv: Set<string>;
}

const state = globalSlot<LogState>("log", () => ({
  config: undefined,
  generation: 0,
  cores: new Map(),
  reportedEnv: new Set(),
}));

/** An environment variable that held a value Sightline does not accept. */
interface BadEnvironment {
  variable: string;
  value: string;
  accepted: readonly string[];
  using: string;
}

const FORMATS = ["auto", "json", "console"] as const;

/**
 * Reads `name` from the environment. A bad value is no reason to stop the service (the operator
 * may not own the code): it is reported in one warning line and ignored, `fallback` applies.
 */
function fromEnvironment<T extends string>(
  name: string,
  parse: (value: string) => T | undefined,
  accepted: readonly string[],
  fallback: T,
  bad: BadEnvironment[],
): T | undefined {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  const parsed = parse(value);
  if (parsed === undefined) bad.push({ variable: name, value, accepted, using: fallback });
  return parsed;
}

function resolveFormat(option: unknown, destination: DestinationOption, bad: BadEnvironment[]): "json" | "console" {
  if (option !== undefined && !FORMATS.includes(option as never)) {
    throw new SightlineError("SIGHTLINE_ERR_INVALID_FORMAT", `${JSON.stringify(option)} (from format)`);
  }
  const configured = (option as (typeof FORMATS)[number] | undefined) ?? "auto";
  const parse = (value: string) => FORMATS.find((format) => format === value.trim().toLowerCase());
  const format = fromEnvironment("LOG_FORMAT", parse, FORMATS, configured, bad) ?? configured;
  if (format === "json" || format === "console") return format;
  const tty = destination === "stdout" && process.stdout.isTTY === true;
  return tty && process.env.NODE_ENV !== "production" ? "console" : "json";
}

function resolveOverrides(levels: ConfigureOptions["levels"]): Map<string, number> {
  const overrides = new Map<string, number>();
  if (levels === undefined) return overrides;
  for (const [name, level] of Object.entries(levels)) {
    overrides.set(name, LEVELS[parseLevel(level, `levels.${name}`)]);
  }
  return overrides;
}

/** A user field named like a core key keeps its value under `<key>_`. */
export function safeKeyName(key: string): string {
  return RESERVED_KEYS.has(key) ? `${key}_` : key;
}

function renameReserved(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) out[safeKeyName(key)] = fields[key];
  return out;
}

function compile(options: ConfigureOptions, previous: Destination | undefined, bad: BadEnvironment[]): LogConfig {
  checkOptions("configure()", options, RULES);
  const configured = parseLevel(options.level ?? DEFAULT_LEVEL, "level");
  const parse = (value: string) => {
    const name = value.trim().toLowerCase();
    return name === "warn" ? "warning" : isLevelName(name) ? name : undefined;
  };
  const levelNames = [...Object.keys(LEVELS), "warn"];
  const level = fromEnvironment("LOG_LEVEL", parse, levelNames, configured, bad) ?? configured;
  const levelOverrides = resolveOverrides(options.levels);
  const destinationOption = options.destination ?? "stdout";
  const format = resolveFormat(options.format, destinationOption, bad);
  const given = checkOptions("configure()", options.limits, LIMIT_RULES, undefined, "limits.");
  const limits: SerializeLimits = {
    maxDepth: given.maxDepth ?? DEFAULT_LIMITS.maxDepth,
    maxStringLength: given.maxStringLength ?? DEFAULT_LIMITS.maxStringLength,
    maxArrayLength: given.maxArrayLength ?? DEFAULT_LIMITS.maxArrayLength,
  };
  const maxBufferBytes = options.maxBufferBytes ?? DEFAULT_MAX_BUFFER_BYTES;
  const exitTimeoutMs = options.exitTimeoutMs ?? DEFAULT_EXIT_TIMEOUT_MS;
  const processors = options.processors ?? [];
  const policy = options.redact === false ? undefined : createRedactionPolicy(options.redact);
  const serializer = createSerializer(policy, limits);

  const staticFields = renameReserved({
    ...(options.service === undefined ? {} : { service: options.service }),
    ...options.fields,
  });
  const colors =
    options.colors ??
    (process.env.FORCE_COLOR !== undefined && process.env.FORCE_COLOR !== "0"
      ? true
      : destinationOption === "stdout" && process.stdout.isTTY === true && process.env.NO_COLOR === undefined);

  let destination: Destination;
  try {
    destination = createDestination(destinationOption, {
      maxBufferBytes,
      onRecovered: (dropped) => report("warning", "log_lines_dropped", { dropped }),
    });
  } catch (error) {
    throw new SightlineError(
      "SIGHTLINE_ERR_INVALID_DESTINATION",
      `${describeDestination(destinationOption)}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  previous?.close();
  return {
    generation: ++state.generation,
    threshold: LEVELS[level],
    levelOverrides,
    console: format === "console",
    colors,
    staticFields,
    prefixKeys: new Set([...RESERVED_KEYS, ...Object.keys(staticFields)]),
    staticFragment: serializer.fields(staticFields),
    serializer,
    policy,
    maxDepth: limits.maxDepth,
    destination,
    exitTimeoutMs,
    processors: processors.length === 0 ? undefined : [...processors],
  };
}

function describeDestination(destination: DestinationOption): string {
  return typeof destination === "string" ? JSON.stringify(destination) : "the given stream";
}

function thresholdFor(config: LogConfig, name: string): number {
  for (let prefix = name; ;) {
    const level = config.levelOverrides.get(prefix);
    if (level !== undefined) return level;
    const dot = prefix.lastIndexOf(".");
    if (dot === -1) return config.threshold;
    prefix = prefix.slice(0, dot);
  }
}

/**
 * Configures logging (and the redaction policy every signal shares). Call it once at start-up;
 * calling it again replaces the whole configuration. Throws a coded SightlineError on a bad
 * option, naming it.
 *
 * @example
 * configure({ level: "info", service: "assessment-api", redact: { keys: ["ssn"] } });
 * @see docs/logging.md
 * @since 0.1.0
 */
export function configure(options: ConfigureOptions = {}): void {
  const bad: BadEnvironment[] = [];
  const config = compile(options, state.config?.destination, bad);
  state.config = config;
  setActivePolicy(config.policy, config.maxDepth);
  for (const core of state.cores.values()) core.threshold = thresholdFor(config, core.name);
  installExitHooks();
  reportEnvironment(bad);
}

const exitHooks = globalSlot("log.exit-hooks", () => ({ installed: false }));

function flushAtExit(): void {
  const config = currentConfig();
  config.destination.flushSync(Date.now() + config.exitTimeoutMs);
}

/**
 * Nothing lost at exit: buffered lines are written synchronously on exit, when the event loop
 * empties, on a crash (after the crash itself is logged) and on an unhandled SIGTERM/SIGINT
 * (src/internal/lifecycle.ts runs these). Installed once per process, whatever configure() does later.
 */
function installExitHooks(): void {
  if (exitHooks.installed) return;
  exitHooks.installed = true;
  atExit("log", flushAtExit);
  onCrash((error, kind) => {
    report("critical", kind, undefined, error);
    flushAtExit();
  });
}

/** The configuration in force, building the defaults on first use. */
export function currentConfig(): LogConfig {
  if (state.config === undefined) {
    const bad: BadEnvironment[] = [];
    state.config = compile({}, undefined, bad);
    setActivePolicy(state.config.policy, state.config.maxDepth);
    installExitHooks();
    reportEnvironment(bad);
  }
  return state.config;
}

/** One warning per bad variable and value, written with the configuration now in force. */
function reportEnvironment(bad: readonly BadEnvironment[]): void {
  for (const { variable, value, accepted, using } of bad) {
    const key = `${variable}=${value}`;
    if (state.reportedEnv.has(key)) continue;
    state.reportedEnv.add(key);
    report("warning", "environment_variable_ignored", { variable, value, accepted, using });
  }
}

/** The shared core for a logger name. */
export function loggerCore(name: string): LoggerCore {
  let core = state.cores.get(name);
  if (core === undefined) {
    core = { name, nameFragment: `,"logger":${JSON.stringify(name)}`, threshold: thresholdFor(currentConfig(), name) };
    state.cores.set(name, core);
  }
  return core;
}

/** Test helper behind `sightline/testing`: forgets the configuration. */
export function resetLogState(): void {
  state.config?.destination.close();
  state.config = undefined;
  state.reportedEnv.clear();
  for (const core of state.cores.values()) core.threshold = thresholdFor(currentConfig(), core.name);
}
