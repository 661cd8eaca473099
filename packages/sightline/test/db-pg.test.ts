// instrumentPg() against a real PostgreSQL server (Debian's `postgresql` package; .ci/run installs
// it, and these tests skip, saying why, where it is missing), started on a free 127.0.0.1 port.
// Every query() form is one observation by operation and outcome, results are unchanged, the
// pool's connections are reported, and no log line ever holds a parameter.

import assert from "node:assert/strict";
import { once } from "node:events";
import { after, afterEach, before, beforeEach, test } from "node:test";
import pg from "pg";
import { withContext, getContext } from "sightline";
import { instrumentPg } from "sightline/db";
import { closeErrors, getCapturedEvents, initErrors } from "sightline/errors";
import { Registry } from "sightline/metrics";
import { captureLogs, resetForTests, scrapeMetrics, type CapturedLogs } from "sightline/testing";
import { postgresMissing, startPostgres, type RunningPostgres } from "./helpers/postgres-server.ts";

const { Client, Pool, Query } = pg;
type QueryResult = pg.QueryResult;

const SECRET = "hunter2";
const skip = postgresMissing();
if (skip !== undefined) console.log(`# PostgreSQL tests skipped: ${skip}`);
const TEST_OPTIONS = { timeout: 60_000, skip: skip ?? false };

let postgres: RunningPostgres | undefined;
let logs: CapturedLogs;
let registry: Registry;
const pools: pg.Pool[] = [];

before(async () => {
  if (skip === undefined) postgres = await startPostgres();
});
after(async () => {
  await postgres?.remove();
});
beforeEach(() => {
  logs = captureLogs();
  registry = new Registry();
});
afterEach(async () => {
  await Promise.all(pools.splice(0).map((pool) => (pool.ending ? undefined : pool.end())));
  resetForTests();
});

function connectionString(): string {
  assert.ok(postgres);
  return postgres.connectionString;
}

/** An instrumented pool (ended after the test), with its own type. */
function instrumentedPool(options: Parameters<typeof instrumentPg>[1] = {}, max = 2): pg.Pool {
  const pool: pg.Pool = instrumentPg(new Pool({ connectionString: connectionString(), max }), {
    metrics: { registry },
    ...options,
  });
  pools.push(pool);
  return pool;
}

/** Observations by `operation/outcome` (system postgresql). */
async function counts(): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const sample of await scrapeMetrics(registry)) {
    if (sample.name !== "db_client_operation_duration_seconds_count") continue;
    assert.equal(sample.labels.system, "postgresql");
    found[`${sample.labels.operation}/${sample.labels.outcome}`] = sample.value;
  }
  return found;
}

async function connections(): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const sample of await scrapeMetrics(registry)) {
    if (sample.name === "db_client_connections") found[sample.labels.state as string] = sample.value;
  }
  return found;
}

function essentials(result: QueryResult): unknown {
  return { command: result.command, rowCount: result.rowCount, rows: result.rows };
}

async function work(pool: pg.Pool, table: string): Promise<unknown[]> {
  const results: QueryResult[] = [];
  results.push(await pool.query(`CREATE TABLE ${table} (id serial PRIMARY KEY, name text, password text)`));
  results.push(
    await pool.query(`INSERT INTO ${table} (name, password) VALUES ($1, $2), ($3, $4)`, ["ada", SECRET, "grace", "pw"]),
  );
  results.push(await pool.query({ text: `UPDATE ${table} SET name = upper(name) WHERE id = $1`, values: [1] }));
  results.push(await pool.query({ text: `SELECT id, name FROM ${table} ORDER BY id`, rowMode: "array" }));
  results.push(
    await pool.query({ name: `by-id-${table}`, text: `SELECT name FROM ${table} WHERE id = $1`, values: [2] }),
  );
  results.push(
    await pool.query(`WITH gone AS (DELETE FROM ${table} WHERE id = 2 RETURNING id) SELECT count(*) FROM gone`),
  );
  results.push(await pool.query(`DELETE FROM ${table}`));
  return results.map(essentials);
}

test("results are unchanged and each query() is one observation, by operation", TEST_OPTIONS, async () => {
  const plain = new Pool({ connectionString: connectionString(), max: 2 });
  pools.push(plain);
  const expected = await work(plain, "plain_users");
  assert.deepEqual(await work(instrumentedPool(), "users"), expected);
  assert.deepEqual(await counts(), {
    "other/success": 1,
    "insert/success": 1,
    "update/success": 1,
    "select/success": 3,
    "delete/success": 1,
  });
  await logs.flush();
  assert.deepEqual(logs.records, [], "nothing logged: no failure, nothing slow");
});

test("the callback forms: same results, timed, called back in the caller's context", TEST_OPTIONS, async () => {
  const pool = instrumentedPool({ slowQueryMs: 0 });
  const call = <T>(run: (done: (error: Error | undefined, value: T) => void) => void): Promise<T> =>
    new Promise((resolve, reject) => run((error, value) => (error ? reject(error) : resolve(value))));
  const seen: unknown[] = [];
  await withContext({ request_id: "r-7" }, async () => {
    const one = await call<QueryResult>((done) =>
      pool.query("SELECT $1::int AS n", [1], (error, result) => {
        seen.push(getContext().request_id);
        done(error, result);
      }),
    );
    assert.deepEqual(one.rows, [{ n: 1 }]);
    const two = await call<QueryResult>((done) => pool.query("SELECT 2 AS n", (error, result) => done(error, result)));
    assert.deepEqual(two.rows, [{ n: 2 }]);
    const failure = await call<QueryResult>((done) =>
      pool.query("SELECT * FROM missing WHERE password = $1", [SECRET], (error) => {
        seen.push(getContext().request_id);
        done(undefined, error as unknown as QueryResult);
      }),
    );
    assert.match(String(failure), /relation "missing" does not exist/);
    const client = await pool.connect();
    try {
      const three = await call<QueryResult>((done) =>
        client.query({ text: "SELECT $1::text AS s", values: ["x"] }, (error: Error, result: QueryResult) =>
          done(error, result),
        ),
      );
      assert.deepEqual(three.rows, [{ s: "x" }]);
    } finally {
      client.release();
    }
  });
  assert.deepEqual(seen, ["r-7", "r-7"]);
  assert.deepEqual(await counts(), { "select/success": 3, "select/failure": 1 });
  await logs.flush();
  assert.deepEqual(
    logs.records.map((r) => [r.event, r.request_id]),
    [
      ["db_query_slow", "r-7"],
      ["db_query_slow", "r-7"],
      ["db_query_failed", "r-7"],
      ["db_query_slow", "r-7"],
    ],
  );
});

test("a failure: the same error rejects, counted, logged once, the parameter in no line", TEST_OPTIONS, async () => {
  const pool = instrumentedPool({ slowQueryMs: 0 });
  let thrown: unknown;
  await pool.query("SELECT * FROM accounts WHERE password = $1", [SECRET]).catch((error: unknown) => {
    thrown = error;
  });
  assert.ok(thrown instanceof Error);
  assert.equal((thrown as Error & { code?: string }).code, "42P01");
  await pool.query("UPDATE nowhere SET password = $1", [SECRET]).catch(() => undefined);
  assert.deepEqual(await counts(), { "select/failure": 1, "update/failure": 1 });
  await logs.flush();
  assert.deepEqual(
    logs.records.map((r) => [r.event, r.level, r.system, r.operation, r.statement, r.error_message]),
    [
      [
        "db_query_failed",
        "error",
        "postgresql",
        "select",
        "SELECT * FROM accounts WHERE password = $1",
        'relation "accounts" does not exist',
      ],
      [
        "db_query_failed",
        "error",
        "postgresql",
        "update",
        "UPDATE nowhere SET password = $1",
        'relation "nowhere" does not exist',
      ],
    ],
    "no db_query_slow for a failure, no error_captured without initErrors",
  );
  assert.ok(!logs.text().includes(SECRET));
});

test(
  "values the server echoes in errors (detail, a rejected input) are left out of lines and events",
  TEST_OPTIONS,
  async () => {
    const pool = instrumentedPool();
    await initErrors({ store: "memory", handleUncaught: false });
    try {
      await pool.query("CREATE TABLE logins (secret text UNIQUE CHECK (length(secret) < 10))");
      await pool.query("INSERT INTO logins VALUES ($1)", [SECRET]);
      const failures: unknown[] = [];
      for (const [sql, value] of [
        ["INSERT INTO logins VALUES ($1)", SECRET],
        ["INSERT INTO logins VALUES ($1)", SECRET.repeat(3)],
        ["SELECT * FROM logins WHERE length(secret) = $1", SECRET],
      ]) {
        await pool.query(sql as string, [value]).catch((error: unknown) => failures.push(error));
      }
      // the application still gets the whole error
      assert.deepEqual(
        failures.map((error) => (error as { code?: string }).code),
        ["23505", "23514", "22P02"],
      );
      assert.match((failures[0] as { detail?: string }).detail ?? "", /hunter2/);
      assert.match(String(failures[2]), /hunter2/);
      await logs.flush();
      const failed = logs.records.filter((r) => r.event === "db_query_failed");
      assert.equal(failed.length, 3);
      assert.deepEqual(
        failed.map((r) => (r.error_details as { constraint?: string } | undefined)?.constraint),
        ["logins_secret_key", "logins_secret_check", undefined],
      );
      assert.equal(failed[2]?.error_message, 'invalid input syntax for type integer: "[omitted]"');
      assert.equal(getCapturedEvents().length, 3);
      assert.ok(!logs.text().includes(SECRET), "no line holds the value");
      assert.ok(!JSON.stringify(getCapturedEvents()).includes(SECRET), "no captured event holds the value");
    } finally {
      await closeErrors();
    }
  },
);

test("slow queries: db_query_slow with the statement and duration, never the parameters", TEST_OPTIONS, async () => {
  const pool = instrumentedPool({ slowQueryMs: 0 });
  const { rows } = await pool.query("SELECT $1::text AS password", [SECRET]);
  assert.deepEqual(rows, [{ password: SECRET }]);
  await logs.flush();
  const [slow] = logs.records;
  assert.equal(slow?.event, "db_query_slow");
  assert.equal(slow?.level, "warning");
  assert.equal(slow?.statement, "SELECT $1::text AS password");
  assert.equal(slow?.threshold_ms, 0);
  assert.equal(typeof slow?.duration_ms, "number");
  assert.ok(!logs.text().includes(SECRET));
});

test("db_client_connections: used while a query runs, waiting beyond max, idle after", TEST_OPTIONS, async () => {
  const pool = instrumentedPool({}, 1);
  await pool.query("SELECT 1");
  assert.deepEqual(await connections(), { used: 0, idle: 1, waiting: 0 });
  // the first query holds the only connection for 0.2 s from its checkout on; the second waits
  const checkedOut = once(pool, "acquire");
  const first = pool.query("SELECT pg_sleep(0.2)");
  const second = pool.query("SELECT pg_sleep(0.2)");
  await checkedOut;
  assert.deepEqual(await connections(), { used: 1, idle: 0, waiting: 1 });
  await Promise.all([first, second]);
  assert.deepEqual(await connections(), { used: 0, idle: 1, waiting: 0 });
  const client = await pool.connect();
  assert.deepEqual(await connections(), { used: 1, idle: 0, waiting: 0 });
  client.release();
  await pool.end();
  assert.deepEqual(await connections(), { used: 0, idle: 0, waiting: 0 }, "an ended pool is left out");
  assert.deepEqual(await counts(), { "select/success": 3 });
});

test("clients from connect() are timed while checked out, and never twice", TEST_OPTIONS, async () => {
  const pool = instrumentedPool({}, 1);
  const client = await pool.connect();
  await client.query("SELECT 1");
  client.release();
  // the same connection, now used by pool.query(): timed once, by pool.query()
  await pool.query("SELECT 2");
  await new Promise<void>((resolve, reject) =>
    pool.connect((error, checkedOut, release) => {
      if (error || checkedOut === undefined) return reject(error);
      checkedOut.query("INSERT INTO missing VALUES (1)").then(
        () => reject(new Error("expected a failure")),
        () => {
          release();
          resolve();
        },
      );
    }),
  );
  await pool.query("SELECT 3");
  assert.deepEqual(await counts(), { "select/success": 3, "insert/failure": 1 });
});

test("a Client: query() timed in place; submittables pass through untimed", TEST_OPTIONS, async () => {
  const client: pg.Client = instrumentPg(new Client({ connectionString: connectionString() }), {
    metrics: { registry },
  });
  await client.connect();
  try {
    assert.equal(instrumentPg(client, { metrics: { registry } }), client);
    const { rows } = await client.query<{ n: number }>("SELECT $1::int + 1 AS n", [41]);
    assert.equal(rows[0]?.n, 42);
    const submitted = new Query("SELECT 1 AS one");
    const rowsSeen: unknown[] = [];
    submitted.on("row", (row: unknown) => rowsSeen.push(row));
    const ended = new Promise((resolve) => submitted.on("end", resolve));
    assert.equal(client.query(submitted), submitted);
    await ended;
    assert.deepEqual(rowsSeen, [{ one: 1 }]);
  } finally {
    await client.end();
  }
  assert.deepEqual(await counts(), { "select/success": 1 });
});
