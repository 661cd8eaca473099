// instrumentSqlite() on real node:sqlite databases, in memory and in a file: every exec() and
// every run/get/all/iterate of a prepared statement is one observation by operation and outcome,
// results are unchanged, failures and slow queries are logged with the statement and never with
// the parameters.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DatabaseSync, type StatementSync } from "node:sqlite";
import { after, afterEach, beforeEach, test } from "node:test";
import { instrumentSqlite } from "sightline/db";
import { Registry } from "sightline/metrics";
import { captureLogs, resetForTests, scrapeMetrics, type CapturedLogs } from "sightline/testing";

const SECRET = "hunter2";
const dir = mkdtempSync(path.join(os.tmpdir(), "sightline-db-"));
after(() => rmSync(dir, { recursive: true, force: true }));

let logs: CapturedLogs;
let registry: Registry;
beforeEach(() => {
  logs = captureLogs();
  registry = new Registry();
});
afterEach(() => resetForTests());

/** Count of observations by `operation/outcome` (system sqlite). */
async function counts(): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const sample of await scrapeMetrics(registry)) {
    if (sample.name !== "db_client_operation_duration_seconds_count") continue;
    assert.equal(sample.labels.system, "sqlite");
    found[`${sample.labels.operation}/${sample.labels.outcome}`] = sample.value;
  }
  return found;
}

function open(location: string, options: Parameters<typeof instrumentSqlite>[1] = {}): DatabaseSync {
  // the instrumented database keeps its type: DatabaseSync in, DatabaseSync out
  const db: DatabaseSync = instrumentSqlite(new DatabaseSync(location), { metrics: { registry }, ...options });
  return db;
}

/** The same work on an instrumented and a plain database, for comparing results. */
function work(db: DatabaseSync): unknown[] {
  db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL, password TEXT)");
  const insert: StatementSync = db.prepare("INSERT INTO users (name, password) VALUES (?, ?)");
  const results: unknown[] = [];
  results.push(insert.run("ada", SECRET), insert.run("grace", "pw"));
  results.push(db.prepare("UPDATE users SET name = upper(name) WHERE id = ?").run(1));
  results.push(db.prepare("SELECT id, name FROM users WHERE id = :id").get({ id: 1 }));
  results.push(db.prepare("SELECT id, name FROM users ORDER BY id").all());
  results.push([...db.prepare("SELECT name FROM users ORDER BY id").iterate()]);
  results.push(db.prepare("DELETE FROM users WHERE id = ?").run(2));
  results.push(db.prepare("-- count\nWITH n AS (SELECT count(*) AS c FROM users) SELECT c FROM n").get());
  return results;
}

test("results are unchanged and every call is one observation, by operation", async () => {
  const plain = work(new DatabaseSync(":memory:"));
  const db = open(":memory:");
  assert.deepEqual(work(db), plain);
  assert.deepEqual(await counts(), {
    "other/success": 1,
    "insert/success": 2,
    "update/success": 1,
    "select/success": 4,
    "delete/success": 1,
  });
  await logs.flush();
  assert.deepEqual(logs.records, [], "nothing logged: no failure, nothing slow");
  db.close();
});

test("a file database, and iterate(): timed until the rows run out or the loop breaks", async () => {
  const file = path.join(dir, "app.db");
  const db = open(file, { slowQueryMs: 0 });
  db.exec("CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3)");
  const names: number[] = [];
  const ordered = db.prepare("SELECT n FROM t ORDER BY n"); // held: see below
  for (const row of ordered.iterate()) {
    names.push(row.n as number);
    if (names.length === 2) break;
  }
  assert.deepEqual(names, [1, 2]);
  // the iterator keeps its prototype: Iterator helpers still work. The statements are held: on
  // Node.js 22.13 an iterator does not keep its statement alive, and a GC between two next()
  // calls finalizes it ("statement has been finalized"), with or without Sightline.
  const iterator = ordered.iterate();
  const plain = new DatabaseSync(":memory:");
  assert.equal(Object.getPrototypeOf(iterator), Object.getPrototypeOf(plain.prepare("SELECT 1").iterate()));
  plain.close();
  const helpers = iterator as unknown as { map(fn: (row: { n: number }) => number): { toArray(): number[] } };
  assert.deepEqual(helpers.map((row) => row.n).toArray(), [1, 2, 3]);
  assert.equal(ordered.sourceSQL, "SELECT n FROM t ORDER BY n");
  const abandoned = db.prepare("SELECT n FROM t").iterate();
  abandoned.next();
  db.close();
  assert.deepEqual(await counts(), { "other/success": 1, "select/success": 2 }, "an abandoned iterator is not counted");
  await logs.flush();
  assert.deepEqual(
    logs.records.map((r) => [r.event, r.operation, r.statement]),
    [
      ["db_query_slow", "other", "CREATE TABLE t (n INTEGER); INSERT INTO t VALUES (1), (2), (3)"],
      ["db_query_slow", "select", "SELECT n FROM t ORDER BY n"],
      ["db_query_slow", "select", "SELECT n FROM t ORDER BY n"],
    ],
  );
  const reopened = new DatabaseSync(file);
  assert.equal(reopened.prepare("SELECT count(*) AS c FROM t").get()?.c, 3);
  reopened.close();
});

test("failures: re-thrown unchanged, counted, logged with the statement but never the parameters", async () => {
  const db = open(":memory:");
  db.exec("CREATE TABLE accounts (name TEXT UNIQUE, password TEXT NOT NULL)");
  const insert = db.prepare("INSERT INTO accounts (name, password) VALUES (?, ?)");
  insert.run("ada", SECRET);
  assert.throws(() => insert.run("ada", SECRET), /UNIQUE constraint failed/);
  assert.throws(() => db.prepare("SELECT * FROM missing WHERE password = ?"), /no such table/);
  assert.throws(() => db.exec("DELETE FROM nowhere"), /no such table/);
  assert.throws(
    () => db.prepare("SELECT ?").get({}, 1, 2),
    (error: Error) => error instanceof Error,
  );
  db.close();
  assert.deepEqual(await counts(), {
    "other/success": 1,
    "insert/success": 1,
    "insert/failure": 1,
    "select/failure": 2,
    "delete/failure": 1,
  });
  await logs.flush();
  const failed = logs.records.filter((r) => r.event === "db_query_failed");
  assert.deepEqual(
    failed.map((r) => [r.level, r.system, r.operation, r.statement]),
    [
      ["error", "sqlite", "insert", "INSERT INTO accounts (name, password) VALUES (?, ?)"],
      ["error", "sqlite", "select", "SELECT * FROM missing WHERE password = ?"],
      ["error", "sqlite", "delete", "DELETE FROM nowhere"],
      ["error", "sqlite", "select", "SELECT ?"],
    ],
  );
  assert.match(String(failed[0]?.error_message), /UNIQUE constraint failed: accounts.name/);
  assert.equal(logs.records.length, failed.length, "one line per failure (no error_captured without initErrors)");
  assert.ok(!logs.text().includes(SECRET), "the parameter value appears in no line");
});

test("instrumenting twice counts once; options are checked", async () => {
  const db = new DatabaseSync(":memory:");
  assert.equal(instrumentSqlite(db, { metrics: { registry } }), db);
  instrumentSqlite(db, { metrics: { registry } });
  db.prepare("SELECT 1").get();
  assert.deepEqual(await counts(), { "select/success": 1 });
  assert.throws(() => instrumentSqlite(db, { slowQueryMs: -5 }), { code: "SIGHTLINE_ERR_INVALID_OPTION" });
  assert.throws(
    () => instrumentSqlite({} as DatabaseSync),
    /db of instrumentSqlite\(\): expected an object with prepare\(\) and exec\(\)/,
  );
  // the wrappers are own, non-enumerable properties: the object looks as before
  assert.deepEqual(Object.keys(db), Object.keys(new DatabaseSync(":memory:")));
  db.close();
});
