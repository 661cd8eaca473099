// What the routes need of a database, whichever one is configured: embedded SQLite (the default)
// or PostgreSQL (DATABASE_URL). SQL is written once, with `?` placeholders, in the subset both
// understand; each implementation is timed, logged and traced by sightline/db.

import type { CheckFunction } from "sightline/health";

export type SqlValue = string | number | null;

export interface Database {
  /** `sqlite` or `postgresql`, as in the db_system metric label. */
  readonly system: "sqlite" | "postgresql";
  /** Every row of a query. */
  all<T>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** The first row of a query, or undefined. */
  get<T>(sql: string, params?: readonly SqlValue[]): Promise<T | undefined>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /** Runs statements separated by `;`, without parameters (the schema). */
  exec(sql: string): Promise<void>;
  /** Runs `work` in a transaction on one connection: committed if it resolves, rolled back if not. */
  transaction<T>(work: (tx: Database) => Promise<T>): Promise<T>;
  /** The readiness check of this database. */
  readonly check: CheckFunction;
  close(): Promise<void>;
}
