// PostgreSQL, when DATABASE_URL is set: a `pg` Pool, timed and logged by sightline/db (which also
// reports the pool's connections), `?` placeholders turned into PostgreSQL's `$1, $2, …`.

import pg from "pg";
import { instrumentPg } from "sightline/db";
import { getLogger } from "sightline";
import { pgCheck } from "sightline/health";
import type { Database, SqlValue } from "./database.ts";

const log = getLogger("db");

interface Queryable {
  query(sql: string, params?: SqlValue[]): Promise<pg.QueryResult>;
}

/** `a = ? AND b = ?` -> `a = $1 AND b = $2` (the service's SQL has no `?` inside literals). */
export function numberedPlaceholders(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function statements(client: Queryable): Pick<Database, "all" | "get" | "run" | "exec"> {
  const query = (sql: string, params: readonly SqlValue[]) => client.query(numberedPlaceholders(sql), [...params]);
  return {
    all: async <T>(sql: string, params: readonly SqlValue[] = []) => (await query(sql, params)).rows as T[],
    get: async <T>(sql: string, params: readonly SqlValue[] = []) =>
      (await query(sql, params)).rows[0] as T | undefined,
    run: async (sql, params = []) => (await query(sql, params)).rowCount ?? 0,
    exec: async (sql) => {
      await client.query(sql); // no parameters: the simple protocol, several statements allowed
    },
  };
}

export function openPostgres(connectionString: string): Database {
  const pool = instrumentPg(
    new pg.Pool({ connectionString, max: 10, connectionTimeoutMillis: 2000, application_name: "assessment-api" }),
    { slowQueryMs: 200 },
  );
  // an idle client whose server went away: pg emits it here (unhandled, it would end the
  // process), and the pool replaces the client
  pool.on("error", (error) => log.warning("database_idle_client_failed", { error_message: error.message }));
  const check = pgCheck(pool);
  const database: Database = {
    system: "postgresql",
    ...statements(pool),
    async transaction(work) {
      const client = await pool.connect();
      let broken: unknown;
      try {
        await client.query("BEGIN");
        const result = await work({ ...database, ...statements(client), transaction: nested });
        await client.query("COMMIT");
        return result;
      } catch (error) {
        await client.query("ROLLBACK").catch((rollbackError: unknown) => (broken = rollbackError));
        throw error;
      } finally {
        client.release(broken as Error | undefined);
      }
    },
    check,
    close: () => pool.end(),
  };
  return database;
}

function nested(): Promise<never> {
  return Promise.reject(new Error("transaction(): already in a transaction"));
}
