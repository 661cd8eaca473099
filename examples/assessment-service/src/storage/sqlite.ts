// The embedded database: node:sqlite, in a file under DATA_DIR (or in memory for tests).

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { instrumentSqlite } from "sightline/db";
import { sqliteCheck } from "sightline/health";
import type { Database, SqlValue } from "./database.ts";

/** Opens a node:sqlite database: a file path (its folder is created), or ":memory:". */
export function openSqlite(path: string): Database {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = instrumentSqlite(new DatabaseSync(path), { slowQueryMs: 200 });
  db.exec("PRAGMA foreign_keys = ON"); // as PostgreSQL does

  // One connection: while a transaction is open, other requests' statements wait for it rather
  // than landing inside it. Nothing awaits between the last check of `open` and the statement.
  let open: Promise<unknown> | undefined;
  async function whenIdle<T>(statement: () => T): Promise<T> {
    while (open !== undefined) await Promise.allSettled([open]); // its outcome is its caller's
    return statement();
  }

  function on(wait: boolean): Database {
    const call = async <T>(statement: () => T): Promise<T> => (wait ? whenIdle(statement) : statement());
    return {
      system: "sqlite",
      all: <T>(sql: string, params: readonly SqlValue[] = []) => call(() => db.prepare(sql).all(...params) as T[]),
      get: <T>(sql: string, params: readonly SqlValue[] = []) =>
        call(() => db.prepare(sql).get(...params) as T | undefined),
      run: (sql, params = []) => call(() => Number(db.prepare(sql).run(...params).changes)),
      exec: (sql) => call(() => db.exec(sql)),
      transaction: wait ? transaction : () => Promise.reject(new Error("transaction(): already in a transaction")),
      check: sqliteCheck(db),
      close: () => whenIdle(() => db.isOpen && db.close()).then(() => undefined),
    };
  }

  async function transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    while (open !== undefined) await Promise.allSettled([open]); // its outcome is its caller's
    const done = (async () => {
      db.exec("BEGIN IMMEDIATE");
      try {
        const result = await work(on(false));
        db.exec("COMMIT");
        return result;
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
    })();
    open = done; // set before anything else runs: BEGIN ran synchronously above
    try {
      return await done;
    } finally {
      open = undefined;
    }
  }

  return on(true);
}
