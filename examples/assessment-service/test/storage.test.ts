import assert from "node:assert/strict";
import { test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { numberedPlaceholders } from "../src/storage/postgres.ts";
import { openSqlite } from "../src/storage/sqlite.ts";

async function scratch() {
  const db = openSqlite(":memory:");
  await db.exec("CREATE TABLE events (n INTEGER NOT NULL)");
  return db;
}

test("SQLite: another request's statement waits for an open transaction instead of joining it", async () => {
  const db = await scratch();
  const order: string[] = [];
  const tx = db.transaction(async (t) => {
    await t.run("INSERT INTO events (n) VALUES (?)", [1]);
    order.push("tx insert");
    await sleep(20); // the transaction is open across a pause
    throw new Error("abandon the transaction");
  });
  const outside = db.run("INSERT INTO events (n) VALUES (?)", [2]).then(() => order.push("outside insert"));
  await assert.rejects(tx, /abandon the transaction/);
  await outside;
  assert.deepEqual(order, ["tx insert", "outside insert"]);
  // the rollback took the transaction's row and left the other request's row
  assert.deepEqual(
    (await db.all<{ n: number }>("SELECT n FROM events")).map((r) => r.n),
    [2],
  );
  await db.close();
});

test("SQLite: concurrent transactions run one after the other", async () => {
  const db = await scratch();
  const work = (n: number) =>
    db.transaction(async (t) => {
      await t.run("INSERT INTO events (n) VALUES (?)", [n]);
      await sleep(5);
      await t.run("INSERT INTO events (n) VALUES (?)", [n]);
      return n;
    });
  assert.deepEqual(await Promise.all([work(1), work(2), work(3)]), [1, 2, 3]);
  const rows = await db.all<{ n: number }>("SELECT n FROM events ORDER BY rowid");
  assert.deepEqual(
    rows.map((r) => r.n),
    [1, 1, 2, 2, 3, 3],
  );
  await assert.rejects(
    db.transaction((t) => t.transaction(async () => undefined)),
    /already in a transaction/,
  );
  await db.close();
});

test("PostgreSQL placeholders are numbered in order", () => {
  assert.equal(
    numberedPlaceholders("UPDATE a SET s = ? WHERE u = ? AND b = ?"),
    "UPDATE a SET s = $1 WHERE u = $2 AND b = $3",
  );
  assert.equal(numberedPlaceholders("SELECT 1"), "SELECT 1");
});
