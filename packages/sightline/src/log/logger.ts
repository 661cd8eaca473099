// The Logger users hold. A call below the logger's level costs one comparison; the level lives
// on the shared per-name core, so configure() can change it for loggers that already exist.

import { currentConfig, loggerCore, type LoggerCore } from "./configure.ts";
import { DEFAULT_LOGGER_NAME } from "./defaults.ts";
import { emit, NO_ERROR, type Bindings } from "./emit.ts";
import { LEVELS, type LevelName } from "./levels.ts";

/** Fields of one log call: any object; values of any type are safe to pass. */
export type Fields = Readonly<Record<string, unknown>>;

const DEBUG = LEVELS.debug;
const INFO = LEVELS.info;
const WARNING = LEVELS.warning;
const ERROR = LEVELS.error;
const CRITICAL = LEVELS.critical;

/**
 * A structured logger: `log.info("assessment_started", { user_id })`. Get one with
 * {@link getLogger}; `bind()` returns a logger that adds fields to every line.
 * @since 0.1.0
 */
export class Logger {
  readonly #core: LoggerCore;
  readonly #bindings: Bindings | undefined;

  /** @internal use getLogger() */
  constructor(core: LoggerCore, bindings: Bindings | undefined) {
    this.#core = core;
    this.#bindings = bindings;
  }

  /** The logger's name, written as `logger` on every line. */
  get name(): string {
    return this.#core.name;
  }

  /** Detailed diagnostics, usually off in production. */
  debug(event: string, fields?: Fields): void {
    if (this.#core.threshold <= DEBUG) emit(this.#core, this.#bindings, "debug", event, fields, NO_ERROR);
  }

  /** Business events and successful operations. */
  info(event: string, fields?: Fields): void {
    if (this.#core.threshold <= INFO) emit(this.#core, this.#bindings, "info", event, fields, NO_ERROR);
  }

  /** Unexpected but handled conditions, such as an early return. */
  warning(event: string, fields?: Fields): void {
    if (this.#core.threshold <= WARNING) emit(this.#core, this.#bindings, "warning", event, fields, NO_ERROR);
  }

  /** Failures that need attention. */
  error(event: string, fields?: Fields): void {
    if (this.#core.threshold <= ERROR) emit(this.#core, this.#bindings, "error", event, fields, NO_ERROR);
  }

  /** System-level failures. */
  critical(event: string, fields?: Fields): void {
    if (this.#core.threshold <= CRITICAL) emit(this.#core, this.#bindings, "critical", event, fields, NO_ERROR);
  }

  /**
   * An error line for a caught error: `error_type`, `error_message`, `stack`, its own properties
   * (`error_details`), the `cause` chain and AggregateError members (`errors`).
   */
  exception(event: string, error: unknown, fields?: Fields): void {
    if (this.#core.threshold <= ERROR) emit(this.#core, this.#bindings, "error", event, fields, error);
  }

  /** Whether a line at `level` would be written. */
  isEnabled(level: LevelName): boolean {
    return this.#core.threshold <= (LEVELS[level] ?? Infinity);
  }

  /** A logger that adds `fields` to every line; binding again merges, later values winning. */
  bind(fields: Fields): Logger {
    const merged = { ...this.#bindings?.fields, ...fields };
    return new Logger(this.#core, { fields: merged, keys: new Set(Object.keys(merged)), cache: undefined });
  }

  /** A logger of another name that keeps these bound fields. */
  child(name: string): Logger {
    return new Logger(loggerCore(`${this.#core.name}.${name}`), this.#bindings);
  }
}

/**
 * The logger called `name` (default `"app"`). Works before configure(); loggers follow later
 * configuration changes.
 *
 * @example
 * const log = getLogger("assessments");
 * log.info("assessment_started", { user_id, assessment_id });
 * @since 0.1.0
 */
export function getLogger(name: string = DEFAULT_LOGGER_NAME): Logger {
  return new Logger(loggerCore(typeof name === "string" && name !== "" ? name : DEFAULT_LOGGER_NAME), undefined);
}

/** Resolves once every line logged so far has been handed to the destination. @since 0.1.0 */
export function flush(): Promise<void> {
  return currentConfig().destination.flush();
}

/** Lines dropped because the destination did not keep up (also reported in a warning line). @since 0.1.0 */
export function getDroppedCount(): number {
  return currentConfig().destination.dropped;
}
