// What every instrumented query does when it ends: one observation of
// db_client_operation_duration_seconds, `db_query_slow` past the threshold, `db_query_failed` and
// the error capture on failure, and the span's end. Parameters are never read.

import { captureException } from "../errors/index.ts";
// whether initErrors() is in force: internal to src/errors, read here so that a failed query is
// logged once (db_query_failed) and not also as error_captured while error tracking is off
import { errorsActive } from "../errors/request-capture.ts";
import { anyOf, checkOptions, instanceOf, is, type OptionRules } from "../internal/options.ts";
import { getLogger, Logger } from "../log/index.ts";
import { registry as defaultRegistry, Registry } from "../metrics/index.ts";
import { dbDuration, type DbDuration } from "./db-metrics.ts";
import { loggableError } from "./internal/loggable-error.ts";
import { dbTracing, type DbQuerySpan } from "../internal/tracing-seam.ts";

/** Options of instrumentSqlite(), instrumentPg() and timedQuery(). @since 0.1.0 */
export interface DbOptions {
  /** Queries taking at least this long log `db_query_slow` at warning. `false`: never. Default 500. */
  slowQueryMs?: number | false;
  /** Statement text kept in log lines, in characters. Default 1000. */
  maxStatementLength?: number;
  /** Query metrics, in the default registry or `{ registry }`. `false` turns them off. Default true. */
  metrics?: boolean | { registry?: Registry };
  /** Failed queries go to error tracking (when initErrors() is in force). Default true. */
  captureErrors?: boolean;
  /** The logger of `db_query_slow` and `db_query_failed`. Default `getLogger("db")`. */
  logger?: Logger;
}

/** The rules of {@link DbOptions}; timedQuery() adds its own two. */
export const DB_RULES: OptionRules<DbOptions> = {
  slowQueryMs: anyOf(is.milliseconds, { expected: "false", test: (value) => value === false }),
  maxStatementLength: is.positiveInteger,
  metrics: anyOf(is.boolean, is.object),
  captureErrors: is.boolean,
  logger: instanceOf(Logger, "a Logger (getLogger())"),
};

/** The settings of one instrumented client, checked once. */
export class QueryRecorder {
  readonly system: string;
  readonly log: Logger;
  /** Where the metrics go; undefined with `metrics: false`. */
  readonly registry: Registry | undefined;
  readonly #slowMs: number;
  readonly #maxLength: number;
  readonly #capture: boolean;
  readonly #duration: DbDuration | undefined;

  /** `where` names the caller in errors (`instrumentPg()`); `rules` may allow more options. */
  constructor(system: string, options: DbOptions = {}, where = "instrumentSqlite()", rules = DB_RULES) {
    checkOptions(where, options, rules);
    const { slowQueryMs = 500, maxStatementLength = 1000, metrics = true } = options;
    if (typeof metrics === "object") {
      checkOptions(`metrics of ${where}`, metrics, { registry: instanceOf(Registry, "a Registry") });
    }
    this.system = system;
    this.log = options.logger ?? getLogger("db");
    this.#slowMs = slowQueryMs === false ? Infinity : slowQueryMs;
    this.#maxLength = maxStatementLength;
    this.#capture = options.captureErrors !== false;
    if (metrics !== false) {
      this.registry = (metrics === true ? undefined : metrics.registry) ?? defaultRegistry;
      this.#duration = dbDuration(this.registry);
    }
  }

  /** Starts timing a query (and its span). */
  start(operation: string, statement: string | undefined): RunningQuery {
    return new RunningQuery(this, operation, statement);
  }

  /** Runs `fn` as one query: sync results are timed at once, promises when they settle. */
  run<T>(operation: string, statement: string | undefined, fn: () => T): T {
    const query = new RunningQuery(this, operation, statement);
    let result: T;
    try {
      result = fn();
    } catch (error) {
      query.fail(error);
      throw error;
    }
    if (isThenable(result)) {
      return result.then(
        (value) => {
          query.done();
          return value;
        },
        (error: unknown) => {
          query.fail(error);
          throw error;
        },
      ) as T;
    }
    query.done();
    return result;
  }

  /** @internal RunningQuery calls this once. */
  finish(query: RunningQuery, durationMs: number, failed: boolean, error: unknown): void {
    this.#duration?.observe(
      { system: this.system, operation: query.operation, outcome: failed ? "failure" : "success" },
      durationMs / 1e3,
    );
    if (failed) {
      const fields: Record<string, unknown> = { system: this.system, operation: query.operation };
      if (query.statement !== undefined) fields.statement = this.#shorten(query.statement);
      fields.duration_ms = durationMs;
      // without the values a server or driver may echo in the error (see loggableError)
      const loggable = loggableError(error);
      this.log.exception("db_query_failed", loggable, fields);
      if (this.#capture && errorsActive()) {
        captureException(loggable, { tags: { db_system: this.system, db_operation: query.operation } });
      }
    } else if (durationMs >= this.#slowMs) {
      const fields: Record<string, unknown> = { system: this.system, operation: query.operation };
      if (query.statement !== undefined) fields.statement = this.#shorten(query.statement);
      fields.duration_ms = durationMs;
      fields.threshold_ms = this.#slowMs;
      this.log.warning("db_query_slow", fields);
    }
  }

  #shorten(statement: string): string {
    return statement.length <= this.#maxLength ? statement : `${statement.slice(0, this.#maxLength)}…`;
  }
}

/** One query in flight; done() or fail() ends it, and only the first call counts. */
export class RunningQuery {
  readonly operation: string;
  readonly statement: string | undefined;
  readonly started: bigint;
  readonly #recorder: QueryRecorder;
  readonly #span: DbQuerySpan | undefined;
  #ended = false;

  constructor(recorder: QueryRecorder, operation: string, statement: string | undefined) {
    this.#recorder = recorder;
    this.operation = operation;
    this.statement = statement;
    const tracing = dbTracing();
    if (tracing !== undefined) {
      try {
        this.#span = tracing.startQuery({ system: recorder.system, operation, statement });
      } catch (spanError) {
        recorder.log.exception("db_span_failed", spanError, { db_system: recorder.system, step: "start" });
      }
    }
    this.started = process.hrtime.bigint();
  }

  /** Ends the query as a success; `busyNs`, when given, is the time it took (default: since start). */
  done(busyNs?: bigint): void {
    this.#end(false, undefined, busyNs);
  }

  fail(error: unknown, busyNs?: bigint): void {
    this.#end(true, error, busyNs);
  }

  #end(failed: boolean, error: unknown, busyNs: bigint | undefined): void {
    if (this.#ended) return;
    this.#ended = true;
    const durationMs = Math.round(Number(busyNs ?? process.hrtime.bigint() - this.started) / 1e3) / 1e3;
    try {
      this.#span?.end(failed ? error : undefined);
    } catch (spanError) {
      this.#recorder.log.exception("db_span_failed", spanError, { db_system: this.#recorder.system, step: "end" });
    }
    this.#recorder.finish(this, durationMs, failed, error);
  }
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as { then?: unknown }).then === "function"
  );
}
