// instrumentSqlite(): times node:sqlite's DatabaseSync (and better-sqlite3, which has the same
// shape) in place. `exec()` is one query; `prepare()` returns the statement with its run, get,
// all and iterate timed, the operation read once from the SQL it was prepared with.

import { checkHandle } from "../internal/options.ts";
import { QueryRecorder, type DbOptions, type RunningQuery } from "./query-recorder.ts";
import { instrumented, replaceMethod, type Method } from "./internal/replace-method.ts";
import { sqlOperation } from "./internal/sql-operation.ts";

/** What instrumentSqlite() needs: `node:sqlite`'s DatabaseSync or better-sqlite3's Database. @since 0.1.0 */
export interface SqliteDatabaseLike {
  prepare(sql: string, ...rest: never[]): object;
  exec(sql: string): unknown;
}

/** Each call of `method` on `target` becomes one timed query. */
function timeMethod(
  target: Record<string, unknown>,
  name: string,
  recorder: QueryRecorder,
  operation: string,
  sql: string,
): void {
  const method = target[name];
  if (typeof method !== "function") return;
  replaceMethod(target, name, function timedStatementCall(this: unknown, ...args: unknown[]): unknown {
    const query = recorder.start(operation, sql);
    let result: unknown;
    try {
      result = (method as Method).apply(this, args);
    } catch (error) {
      query.fail(error);
      throw error;
    }
    query.done();
    return result;
  });
}

/**
 * `iterate()` is timed by the work its iterator does: the time spent in `next()` until the rows
 * run out, `return()` (a `break`) or an error, not the time the loop body takes.
 */
function timeIterate(target: Record<string, unknown>, recorder: QueryRecorder, operation: string, sql: string): void {
  const method = target.iterate;
  if (typeof method !== "function") return;
  replaceMethod(target, "iterate", function timedIterate(this: unknown, ...args: unknown[]): unknown {
    const query = recorder.start(operation, sql);
    let iterator: unknown;
    try {
      iterator = (method as Method).apply(this, args);
    } catch (error) {
      query.fail(error);
      throw error;
    }
    if (iterator !== null && typeof iterator === "object") timeIterator(iterator as Record<string, unknown>, query);
    else query.done();
    return iterator;
  });
}

/** Replaces next() and return() on the iterator itself, so its prototype (Iterator helpers) is kept. */
function timeIterator(iterator: Record<string, unknown>, query: RunningQuery): void {
  const next = iterator.next as Method;
  const end = iterator.return as Method | undefined;
  let busy = process.hrtime.bigint() - query.started;
  const replaced = replaceMethod(iterator, "next", function timedNext(this: unknown, ...args: unknown[]): unknown {
    const started = process.hrtime.bigint();
    let step: unknown;
    try {
      step = next.apply(this, args);
    } catch (error) {
      query.fail(error, busy + process.hrtime.bigint() - started);
      throw error;
    }
    busy += process.hrtime.bigint() - started;
    if ((step as { done?: unknown } | null)?.done === true) query.done(busy);
    return step;
  });
  if (!replaced) query.done(busy);
  else if (typeof end === "function") {
    replaceMethod(iterator, "return", function timedReturn(this: unknown, ...args: unknown[]): unknown {
      query.done(busy);
      return end.apply(this, args);
    });
  }
}

/**
 * Instruments a `node:sqlite` DatabaseSync (or a better-sqlite3 Database) in place and returns it
 * with its own type: every `exec()` and every run/get/all/iterate of a prepared statement is a
 * query, measured as `db_client_operation_duration_seconds{system="sqlite"}`, logged when slow or
 * failed, and traced when tracing is on. A `prepare()` that fails is a failed query. Parameters
 * are never read.
 *
 * @example
 * const db = instrumentSqlite(new DatabaseSync("app.db"), { slowQueryMs: 100 });
 * db.prepare("SELECT * FROM users WHERE id = ?").get(42);
 * @see docs/db.md
 * @since 0.1.0
 */
export function instrumentSqlite<T extends SqliteDatabaseLike>(db: T, options: DbOptions = {}): T {
  checkHandle("instrumentSqlite()", "db", db, ["prepare", "exec"]);
  const recorder = new QueryRecorder("sqlite", options, "instrumentSqlite()");
  if (instrumented.has(db)) return db;
  instrumented.add(db);
  const prepare = db.prepare as Method;
  const exec = db.exec as Method;
  replaceMethod(db, "prepare", function instrumentedPrepare(this: unknown, ...args: unknown[]): unknown {
    const sql = args[0];
    let statement: unknown;
    try {
      statement = prepare.apply(this, args);
    } catch (error) {
      // a statement that does not compile (syntax, a missing table) is a failed query
      if (typeof sql === "string") recorder.start(sqlOperation(sql), sql).fail(error);
      throw error;
    }
    if (typeof sql === "string" && statement !== null && typeof statement === "object") {
      const methods = statement as Record<string, unknown>;
      const operation = sqlOperation(sql);
      timeMethod(methods, "run", recorder, operation, sql);
      timeMethod(methods, "get", recorder, operation, sql);
      timeMethod(methods, "all", recorder, operation, sql);
      timeIterate(methods, recorder, operation, sql);
    }
    return statement;
  });
  replaceMethod(db, "exec", function instrumentedExec(this: unknown, ...args: unknown[]): unknown {
    const sql = args[0];
    const query = typeof sql === "string" ? recorder.start(sqlOperation(sql), sql) : recorder.start("other", undefined);
    let result: unknown;
    try {
      result = exec.apply(this, args);
    } catch (error) {
      query.fail(error);
      throw error;
    }
    query.done();
    return result;
  });
  return db;
}
