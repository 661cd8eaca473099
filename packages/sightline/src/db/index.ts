// sightline/db: database calls as metrics, slow-query and failure lines, and spans.
export { instrumentSqlite } from "./sqlite.ts";
export type { SqliteDatabaseLike } from "./sqlite.ts";
export { instrumentPg } from "./pg.ts";
export type { PgQueryable } from "./pg.ts";
export { timedQuery } from "./timed-query.ts";
export type { TimedQueryOptions } from "./timed-query.ts";
export type { DbOptions } from "./query-recorder.ts";
export { DB_BUCKETS } from "./db-metrics.ts";
