import { checkHandle } from "../../internal/options.ts";
import type { CheckFunction } from "../types.ts";

/** What pgCheck needs of a `pg` Pool or Client (no import of `pg` itself). */
export interface PgLike {
  query(sql: string): Promise<unknown>;
}

/**
 * Readiness of PostgreSQL: `SELECT 1` through the application's own pool or client.
 * @since 0.1.0
 */
export function pgCheck(client: PgLike): CheckFunction {
  checkHandle("pgCheck()", "client", client, ["query"]);
  return async function postgres() {
    await client.query("SELECT 1");
  };
}
