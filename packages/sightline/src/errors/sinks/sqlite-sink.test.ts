import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, test } from "node:test";
import { captureLogs, resetForTests, type CapturedLogs } from "../../testing/index.ts";
import { captureException, captureMessage, closeErrors, flushErrors, initErrors } from "../index.ts";
import type { ErrorEvent, Group } from "../index.ts";
import { SqliteSink, storeKey } from "./sqlite-sink.ts";

let dir: string;
let logs: CapturedLogs;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sightline-sqlite-sink-"));
  logs = captureLogs();
});
afterEach(async () => {
  await closeErrors();
  resetForTests();
  rmSync(dir, { recursive: true, force: true });
});

interface GroupRow {
  key: string;
  type: string;
  message: string;
  route: string | null;
  count: number;
  first_seen: number;
  last_seen: number;
  last_event_id: string;
}

/** Reads the store through its own connection, as the CLI does. */
function read(path: string): { groups: GroupRow[]; events: Array<{ id: string; group_key: string; level: string }> } {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    return {
      groups: db.prepare("SELECT * FROM groups ORDER BY last_seen DESC, key").all() as unknown as GroupRow[],
      events: db.prepare("SELECT id, group_key, level FROM events ORDER BY timestamp, rowid").all() as Array<{
        id: string;
        group_key: string;
        level: string;
      }>,
    };
  } finally {
    db.close();
  }
}

function saveAnswer(id: number): never {
  throw new TypeError(`could not save answer ${id}`);
}

function captureSaveFailure(id: number): string | undefined {
  try {
    saveAnswer(id);
  } catch (error) {
    return captureException(error, { tags: { route: "/answers/:id" } });
  }
}

test("initErrors() without a dsn writes groups and events to the file: type, message, route, count", async () => {
  const path = join(dir, "nested", "errors.db");
  await initErrors({ storePath: path, handleUncaught: false });
  const first = captureSaveFailure(1);
  const last = captureSaveFailure(2);
  captureMessage("cache warmed", "warning");
  await flushErrors();
  const { groups, events } = read(path);
  assert.equal(groups.length, 2);
  const failure = groups.find((group) => group.type === "TypeError");
  assert.ok(failure, JSON.stringify(groups));
  assert.equal(failure.count, 2);
  assert.equal(failure.message, "could not save answer 2", "the latest message");
  assert.equal(failure.route, "/answers/:id");
  assert.equal(failure.last_event_id, last);
  assert.match(failure.key, /^[0-9a-f]{32}$/);
  assert.ok(failure.first_seen <= failure.last_seen);
  const message = groups.find((group) => group.type === "message");
  assert.equal(message?.message, "cache warmed");
  assert.deepEqual(
    events.map((event) => [event.id, event.group_key, event.level]),
    [
      [first, failure.key, "error"],
      [last, failure.key, "error"],
      [message?.last_event_id, message?.key, "warning"],
    ],
  );
});

test("send() only queues: the write happens on a later turn of the event loop, in one batch", async () => {
  const path = join(dir, "errors.db");
  await initErrors({ storePath: path, handleUncaught: false });
  for (let i = 0; i < 3; i++) captureSaveFailure(i);
  assert.equal(read(path).events.length, 0, "nothing written during the capture calls");
  await new Promise((resolve) => setImmediate(resolve));
  assert.equal(read(path).events.length, 3);
  assert.equal(read(path).groups[0]?.count, 3);
});

test("the stored count includes rate-limited occurrences and a later sink adds to it", async () => {
  const path = join(dir, "errors.db");
  await initErrors({ storePath: path, handleUncaught: false });
  for (let i = 0; i < 15; i++) captureSaveFailure(i);
  await flushErrors();
  let { groups, events } = read(path);
  assert.equal(groups.length, 1);
  assert.equal(groups[0]?.count, 15, "10 events sent, 15 occurrences");
  assert.equal(events.length, 5, "5 events kept per group");
  // a new initErrors (as after a restart) starts counting from zero in memory
  await initErrors({ storePath: path, handleUncaught: false });
  for (let i = 0; i < 3; i++) captureSaveFailure(i);
  await closeErrors();
  ({ groups, events } = read(path));
  assert.equal(groups.length, 1);
  assert.equal(groups[0]?.count, 18);
  assert.equal(events.length, 5);
});

function eventOf(id: string, message: string, seconds: number): ErrorEvent {
  return {
    event_id: id,
    timestamp: seconds,
    level: "error",
    platform: "node",
    contexts: {},
    fingerprint: [message],
    message: { formatted: message },
  };
}

test("caps: at most N events per group (the newest) and M groups (the most recently seen)", async () => {
  const path = join(dir, "errors.db");
  const sink = new SqliteSink({ path, maxEventsPerGroup: 2, maxGroups: 3 });
  const groups = new Map<string, Group>();
  let clock = 1_000;
  const send = (name: string, id: string): void => {
    clock++;
    let group = groups.get(name);
    if (group === undefined) {
      group = { key: name, count: 0, firstSeen: clock * 1000, lastSeen: clock * 1000, lastEventId: id };
      groups.set(name, group);
    }
    group.count++;
    group.lastSeen = clock * 1000;
    sink.send(eventOf(id, name, clock), group);
  };
  for (let i = 0; i < 4; i++) send("a", `a${i}`);
  await sink.flush(1000);
  for (const name of ["b", "c", "d", "e"]) send(name, `${name}0`);
  send("b", "b1");
  await sink.flush(1000);
  sink.close();
  const stored = read(path);
  assert.deepEqual(
    stored.groups.map((group) => [group.message, group.count]),
    [
      ["b", 2],
      ["e", 1],
      ["d", 1],
    ],
    "a and c were seen least recently",
  );
  assert.deepEqual(
    stored.events.map((event) => event.id),
    ["b0", "d0", "e0", "b1"],
  );
  assert.equal(stored.groups[0]?.key, storeKey("b"));
});

test('":memory:" keeps the store in memory: no file, no failure', async () => {
  const sink = new SqliteSink({ path: ":memory:" });
  const group: Group = { key: "g", count: 1, firstSeen: Date.now(), lastSeen: Date.now(), lastEventId: "e1" };
  sink.send(eventOf("e1", "in memory", Date.now() / 1000), group);
  await sink.flush(1000);
  sink.close();
  assert.equal(existsSync(":memory:"), false);
  await initErrors({ storePath: ":memory:", handleUncaught: false });
  assert.ok(captureMessage("kept in memory"));
  await closeErrors();
  await logs.flush();
  assert.deepEqual(
    logs.records.filter((record) => record.event === "error_store_failed"),
    [],
  );
});

test("the schema: WAL journal, user_version 1; a .gitignore in a created .sightline directory", async () => {
  const path = join(dir, ".sightline", "errors.db");
  const sink = new SqliteSink({ path });
  sink.close();
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    assert.deepEqual({ ...db.prepare("PRAGMA user_version").get() }, { user_version: 1 });
    assert.deepEqual({ ...db.prepare("PRAGMA journal_mode").get() }, { journal_mode: "wal" });
  } finally {
    db.close();
  }
  assert.equal(readFileSync(join(dir, ".sightline", ".gitignore"), "utf8"), "*\n");
});

test("a store that cannot be opened never throws into the caller and is reported once", async () => {
  const blocker = join(dir, "not-a-directory");
  writeFileSync(blocker, "");
  await initErrors({ storePath: join(blocker, "errors.db"), handleUncaught: false });
  assert.ok(captureSaveFailure(1));
  assert.ok(captureSaveFailure(2));
  await flushErrors();
  await closeErrors();
  await logs.flush();
  const failures = logs.records.filter((record) => record.event === "error_store_failed");
  assert.equal(failures.length, 1);
  assert.equal(failures[0]?.logger, "sightline.errors");
});

test("a store written by a newer sightline is left alone", async () => {
  const path = join(dir, "errors.db");
  const db = new DatabaseSync(path);
  db.exec("PRAGMA user_version = 99");
  db.close();
  const sink = new SqliteSink({ path });
  sink.send(eventOf("e1", "x", 1), { key: "g", count: 1, firstSeen: 1, lastSeen: 1, lastEventId: "e1" });
  await sink.flush(1000);
  sink.close();
  await logs.flush();
  assert.match(String(logs.records.find((r) => r.event === "error_store_failed")?.error_message), /schema version 99/);
  const after = new DatabaseSync(path, { readOnly: true });
  try {
    assert.deepEqual(after.prepare("SELECT name FROM sqlite_master").all(), []);
  } finally {
    after.close();
  }
});
