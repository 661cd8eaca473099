import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, before, test } from "node:test";
import { sqliteCheck } from "../index.ts";

const signal = new AbortController().signal;
let dir: string;
before(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), "sqlite-check-"));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("fails while another connection holds the file locked, and passes again once it lets go", async () => {
  const file = path.join(dir, "locked.db");
  const db = new DatabaseSync(file); // timeout 0: a locked file fails at once instead of waiting
  db.exec("CREATE TABLE t (x INTEGER)");
  const check = sqliteCheck(db);
  await check(signal);

  const other = new DatabaseSync(file);
  other.exec("BEGIN EXCLUSIVE"); // what a migration or a backup tool can do
  try {
    await assert.rejects(async () => check(signal), /locked/);
  } finally {
    other.exec("COMMIT");
    other.close();
  }
  await check(signal);
  db.close();
});

test("fails on a closed handle", async () => {
  const db = new DatabaseSync(":memory:");
  db.close();
  await assert.rejects(async () => sqliteCheck(db)(signal), /not open/);
});
