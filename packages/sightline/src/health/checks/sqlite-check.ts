import { checkHandle } from "../../internal/options.ts";
import type { CheckFunction } from "../types.ts";

/** What sqliteCheck needs of a `node:sqlite` DatabaseSync (or better-sqlite3) handle. */
export interface SqliteLike {
  prepare(sql: string): { get(): unknown };
}

/**
 * Readiness of an embedded SQLite database: reads the schema version from the database file.
 * `SELECT 1` would pass as long as the handle is open, even while another process holds the
 * file locked; reading page 1 needs the same shared lock every query does.
 * @since 0.1.0
 */
export function sqliteCheck(db: SqliteLike): CheckFunction {
  checkHandle("sqliteCheck()", "db", db, ["prepare"]);
  return function sqlite() {
    db.prepare("PRAGMA schema_version").get();
  };
}
