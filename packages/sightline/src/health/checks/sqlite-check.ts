import type { CheckFunction } from "../types.ts";

/** What sqliteCheck needs of a `node:sqlite` DatabaseSync (or better-sqlite3) handle. */
export interface SqliteLike {
  prepare(sql: string): { get(): unknown };
}

/**
 * Readiness of an embedded SQLite database: `SELECT 1`.
 * @since 0.1.0
 */
export function sqliteCheck(db: SqliteLike): CheckFunction {
  return function sqlite() {
    db.prepare("SELECT 1").get();
  };
}
