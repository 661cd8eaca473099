// The configured database: PostgreSQL when DATABASE_URL is set, else SQLite under DATA_DIR;
// schema created and demo data seeded either way.

import path from "node:path";
import type { Database } from "./database.ts";
import { openPostgres } from "./postgres.ts";
import { prepareDatabase } from "./schema.ts";
import { openSqlite } from "./sqlite.ts";

export interface StorageConfig {
  databaseUrl?: string | undefined;
  /** Where the SQLite file lives when there is no DATABASE_URL. */
  dataDir: string;
}

export async function openDatabase(config: StorageConfig): Promise<Database> {
  const db =
    config.databaseUrl !== undefined
      ? openPostgres(config.databaseUrl)
      : openSqlite(path.join(config.dataDir, "assessments.db"));
  try {
    await prepareDatabase(db);
  } catch (error) {
    await db.close();
    throw error;
  }
  return db;
}
