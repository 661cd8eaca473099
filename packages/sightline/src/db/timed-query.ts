// timedQuery(): the same metrics, slow-query line, failure line and span as the instrumented
// clients, around any call to any other database client.

import { invalidOption, is, type OptionRules } from "../internal/options.ts";
import { DB_RULES, QueryRecorder, type DbOptions } from "./query-recorder.ts";
import { sqlOperation } from "./internal/sql-operation.ts";

/** Options of {@link timedQuery}. @since 0.1.0 */
export interface TimedQueryOptions extends DbOptions {
  /** The `system` label. Default `other`; name another with a code constant (`mysql`, `redis`). */
  system?: string;
  /** The statement, for the slow and failure lines and the span. Never put parameter values in it. */
  statement?: string;
}

const SQL_VERBS = new Set(["select", "insert", "update", "delete", "other"]);
const OPERATION_NAME = /^[A-Za-z][A-Za-z0-9_.]{0,63}$/;

// A cache, not state: the recorder of each system for calls that set nothing but system and
// statement, so that the common call does not check options and look up the metric every time.
const plainRecorders = new Map<string, QueryRecorder>();

const RULES: OptionRules<TimedQueryOptions> = { ...DB_RULES, system: is.nonEmptyString, statement: is.string };

/** Whether the options set nothing but a valid system and statement (cheap: it runs per query). */
function isPlain(options: TimedQueryOptions): boolean {
  if (options === null || typeof options !== "object") return false;
  for (const key in options) if (key !== "system" && key !== "statement") return false;
  const { system, statement } = options;
  return (
    (system === undefined || (typeof system === "string" && system !== "")) &&
    (statement === undefined || typeof statement === "string")
  );
}

function recorderFor(options: TimedQueryOptions): QueryRecorder {
  // anything else is checked in full (and a mistake thrown) by the recorder
  if (!isPlain(options)) return new QueryRecorder(String(options?.system ?? "other"), options, "timedQuery()", RULES);
  const system = options.system ?? "other";
  let recorder = plainRecorders.get(system);
  if (recorder === undefined) {
    recorder = new QueryRecorder(system);
    if (plainRecorders.size < 100) plainRecorders.set(system, recorder);
  }
  return recorder;
}

/**
 * Times one call to a database client: `db_client_operation_duration_seconds`, `db_query_slow`,
 * `db_query_failed` (and error capture), a span when tracing is on. Sync functions stay sync;
 * a promise is timed until it settles and resolves to the same value. Errors pass through unchanged.
 *
 * `operation` is the metric label: a code constant (`select`, `find`, `hget`). A statement
 * (anything that is not a single word) is read for its verb and kept as the statement.
 *
 * @example
 * const rows = await timedQuery("select", () => mysql.query("SELECT * FROM users WHERE id = ?", [id]),
 *                               { system: "mysql", statement: "SELECT * FROM users WHERE id = ?" });
 * @see docs/db.md
 * @since 0.1.0
 */
export function timedQuery<T>(operation: string, fn: () => T, options: TimedQueryOptions = {}): T {
  if (typeof fn !== "function") throw invalidOption("timedQuery(operation, fn)", "fn", "expected a function");
  const recorder = recorderFor(options);
  let label: string;
  let statement = options.statement;
  if (typeof operation === "string" && OPERATION_NAME.test(operation)) {
    const lower = operation.toLowerCase();
    label = SQL_VERBS.has(lower) ? lower : operation;
  } else {
    label = sqlOperation(String(operation));
    statement ??= String(operation);
  }
  return recorder.run(label, statement, fn);
}
