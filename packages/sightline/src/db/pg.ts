// instrumentPg(): times a `pg` Pool or Client in place, without importing `pg`. query() is timed
// in all its forms (promise, callback, config object); submittables (cursors, query streams) pass
// through untimed. For a Pool, pool.query() is timed from the caller's side (waiting for a
// connection included), the clients connect() hands out are timed until released, and the pool's
// counts feed db_client_connections{state}.

import { checkHandle } from "../internal/options.ts";
import { AsyncResource } from "node:async_hooks";
import { watchPool, type PoolCounts } from "./db-metrics.ts";
import { instrumented, replaceMethod, type Method } from "./internal/replace-method.ts";
import { sqlOperation } from "./internal/sql-operation.ts";
import { QueryRecorder, type DbOptions } from "./query-recorder.ts";

/** What instrumentPg() needs: a `pg` Pool or Client (anything with pg's `query()`). @since 0.1.0 */
export interface PgQueryable {
  query(...args: never[]): unknown;
}

interface PoolLike extends PoolCounts {
  connect: Method;
  on(event: string, listener: (...args: never[]) => void): unknown;
}

type Callback = (this: unknown, error: unknown, result: unknown) => unknown;

function isPool(target: object): target is PoolLike {
  const pool = target as Partial<Record<keyof PoolLike, unknown>>;
  return (
    typeof pool.totalCount === "number" &&
    typeof pool.idleCount === "number" &&
    typeof pool.waitingCount === "number" &&
    typeof pool.connect === "function" &&
    typeof pool.on === "function"
  );
}

/** The SQL of a query() call: the text, or the config's `text`; undefined for a submittable. */
function statementOf(first: unknown): string | undefined {
  if (typeof first === "string") return first;
  if (first === null || typeof first !== "object" || typeof (first as { submit?: unknown }).submit === "function") {
    return undefined;
  }
  const text = (first as { text?: unknown }).text;
  return typeof text === "string" ? text : undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";
}

/** pg's query(), timed. */
function timedPgQuery(original: Method, recorder: QueryRecorder): Method {
  return function instrumentedQuery(this: unknown, ...args: unknown[]): unknown {
    const first = args[0];
    const statement = statementOf(first);
    if (statement === undefined) return original.apply(this, args);
    const query = recorder.start(sqlOperation(statement), statement);
    // the callback: the second or third argument, or the config's `callback`
    const index = typeof args[2] === "function" ? 2 : typeof args[1] === "function" ? 1 : -1;
    const configCallback = index === -1 ? (first as { callback?: unknown }).callback : undefined;
    if (index !== -1 || typeof configCallback === "function") {
      const callback = (index === -1 ? configCallback : args[index]) as Callback;
      // bound to the caller's async context: pg calls back from its socket's
      const timedCallback = AsyncResource.bind(function timedCallback(
        this: unknown,
        error: unknown,
        result: unknown,
      ): unknown {
        if (error === null || error === undefined) query.done();
        else query.fail(error);
        return callback.call(this, error, result);
      });
      const call = [...args];
      if (index === -1) call[0] = { ...(first as object), callback: timedCallback };
      else call[index] = timedCallback;
      try {
        return original.apply(this, call);
      } catch (error) {
        query.fail(error);
        throw error;
      }
    }
    let result: unknown;
    try {
      result = original.apply(this, args);
    } catch (error) {
      query.fail(error);
      throw error;
    }
    if (!isThenable(result)) {
      query.done();
      return result;
    }
    return result.then(
      (value) => {
        query.done();
        return value;
      },
      (error: unknown) => {
        query.fail(error);
        throw error;
      },
    );
  };
}

/**
 * A Pool: pool.query() timed; clients from connect() timed while checked out (their query() is
 * restored on release, so pool.query()'s own checkouts are not counted twice).
 */
function instrumentPool(pool: PoolLike, recorder: QueryRecorder): void {
  const query = timedPgQuery((pool as unknown as { query: Method }).query, recorder);
  const connect = pool.connect;
  const checkedOut = new WeakSet<object>();
  // pool.query() calls this.connect() synchronously: depth > 0 marks that checkout as its own
  let depth = 0;
  replaceMethod(pool, "query", function instrumentedPoolQuery(this: unknown, ...args: unknown[]): unknown {
    depth++;
    try {
      return query.apply(this, args);
    } finally {
      depth--;
    }
  });
  const timeClient = (client: unknown): void => {
    if (client === null || typeof client !== "object" || instrumented.has(client) || checkedOut.has(client)) return;
    const original = (client as { query?: unknown }).query;
    if (typeof original !== "function") return;
    if (replaceMethod(client, "query", timedPgQuery(original as Method, recorder))) checkedOut.add(client);
  };
  replaceMethod(pool, "connect", function instrumentedConnect(this: unknown, ...args: unknown[]): unknown {
    if (depth > 0) return connect.apply(this, args);
    const callback = args[0];
    if (typeof callback === "function") {
      return connect.call(this, function connected(this: unknown, error: unknown, client: unknown, ...rest: unknown[]) {
        if (error === null || error === undefined) timeClient(client);
        return (callback as Method).call(this, error, client, ...rest);
      });
    }
    const result = connect.apply(this, args);
    if (!isThenable(result)) return result;
    return result.then((client) => {
      timeClient(client);
      return client;
    });
  });
  pool.on("release", (_error: unknown, client: object) => {
    if (checkedOut.delete(client)) delete (client as { query?: unknown }).query;
  });
}

/**
 * Instruments a `pg` Pool or Client in place and returns it with its own type: every query()
 * (promise or callback, text or config object) is measured as
 * `db_client_operation_duration_seconds{system="postgresql"}`, logged when slow or failed, and
 * traced when tracing is on. A Pool also reports `db_client_connections{state}` (used, idle,
 * waiting). Parameters are never read. `pg` itself is not imported.
 *
 * @example
 * const pool = instrumentPg(new Pool({ connectionString }), { slowQueryMs: 200 });
 * const { rows } = await pool.query("SELECT * FROM users WHERE id = $1", [id]);
 * @see docs/db.md
 * @since 0.1.0
 */
export function instrumentPg<T extends PgQueryable>(target: T, options: DbOptions = {}): T {
  checkHandle("instrumentPg()", "pool or client", target, ["query"]);
  const recorder = new QueryRecorder("postgresql", options, "instrumentPg()");
  if (instrumented.has(target)) return target;
  instrumented.add(target);
  if (isPool(target)) {
    instrumentPool(target, recorder);
    if (recorder.registry !== undefined) watchPool(recorder.registry, target);
  } else {
    replaceMethod(target, "query", timedPgQuery(target.query as Method, recorder));
  }
  return target;
}
