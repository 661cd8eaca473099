// The embedded error store (no dsn): a SQLite file that `npx sightline errors` reads. send()
// only queues; one transaction per event-loop turn writes the queue, and caps keep the file
// small. node:sqlite is synchronous, so flush() and the exit hook write at once.

import { createHash } from "node:crypto";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { getLogger } from "../../log/index.ts";
import type { ErrorEvent } from "../event.ts";
import { atExit } from "../../internal/lifecycle.ts";
import { loadNodeSqlite, sqliteMissing } from "../../internal/node-sqlite.ts";
import type { Group } from "../internal/grouping.ts";
import type { ErrorSink } from "../sink.ts";

/** Where the store lives unless `storePath` says otherwise (relative to process.cwd()). */
export const DEFAULT_STORE_PATH = ".sightline/errors.db";
/** Schema version, kept in `PRAGMA user_version`; the CLI refuses stores newer than it knows. */
export const STORE_SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS groups (
  key TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  message TEXT NOT NULL,
  route TEXT,
  count INTEGER NOT NULL,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  last_event_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS groups_last_seen ON groups (last_seen);
CREATE TABLE IF NOT EXISTS events (
  id TEXT PRIMARY KEY,
  group_key TEXT NOT NULL,
  timestamp INTEGER NOT NULL,
  level TEXT NOT NULL,
  json TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_group_time ON events (group_key, timestamp);
`;

/** Queued events waiting for the next write; beyond this, the oldest are dropped. */
const MAX_QUEUE = 1000;

/** Options of {@link SqliteSink}. */
export interface SqliteSinkOptions {
  /** The database file; `":memory:"` for a store that lives as long as the sink. */
  path?: string;
  /** Events kept per group, newest first. Default 5. */
  maxEventsPerGroup?: number;
  /** Groups kept; the least recently seen are pruned with their events. Default 1000. */
  maxGroups?: number;
}

/** The stored key of a group: a hash of its fingerprint, stable across restarts. */
export function storeKey(groupKey: string): string {
  return createHash("sha256").update(groupKey).digest("hex").slice(0, 32);
}

interface Statements {
  insertEvent: StatementSync;
  upsertGroup: StatementSync;
  addCount: StatementSync;
  pruneEvents: StatementSync;
  pruneGroups: StatementSync;
  pruneOrphans: StatementSync;
}

const log = getLogger("sightline.errors");

function routeOf(event: ErrorEvent): string | null {
  return event.request?.route ?? event.tags?.route ?? null;
}

function titleOf(event: ErrorEvent): { type: string; message: string } {
  const top = event.exception?.values.at(-1);
  if (top !== undefined) return { type: top.type, message: top.value };
  return { type: "message", message: event.message?.formatted ?? "" };
}

/**
 * The embedded store: groups (count, first and last seen, route) and their latest events.
 * Never throws into the caller; a failure is logged once and the events are dropped.
 */
export class SqliteSink implements ErrorSink {
  readonly #path: string;
  readonly #maxEvents: number;
  readonly #maxGroups: number;
  #db: DatabaseSync | undefined;
  #statements: Statements | undefined;
  #queue: Array<{ event: ErrorEvent; group: Readonly<Group> }> = [];
  /**
   * Groups whose occurrences this sink adds to the store, most recently sent last, at most
   * maxGroups (the store keeps no more): a group fully written is forgotten first. What each
   * has written lives on in #written while the group object does, so a group sent again after
   * being forgotten adds only what is new.
   */
  readonly #tracked = new Map<string, Readonly<Group>>();
  readonly #written = new WeakMap<Readonly<Group>, number>();
  #scheduled: NodeJS.Immediate | undefined;
  #failed = false;
  #closed = false;
  /** At exit, whatever is queued is written (synchronously) and the file closed. */
  readonly #stopClosingAtExit: () => void;

  constructor({ path = DEFAULT_STORE_PATH, maxEventsPerGroup = 5, maxGroups = 1000 }: SqliteSinkOptions = {}) {
    this.#path = path;
    this.#maxEvents = Math.max(1, Math.floor(maxEventsPerGroup));
    this.#maxGroups = Math.max(1, Math.floor(maxGroups));
    try {
      this.#open();
    } catch (error) {
      this.#fail(error);
    }
    this.#stopClosingAtExit = atExit("store", () => this.close());
  }

  #open(): void {
    if (this.#path !== ":memory:") {
      const dir = dirname(resolve(this.#path));
      if (!existsSync(dir)) {
        mkdirSync(dir, { recursive: true });
        // a store in the project directory should not end up in version control
        if (basename(dir) === ".sightline") writeFileSync(join(dir, ".gitignore"), "*\n");
      }
    }
    const sqlite = loadNodeSqlite();
    if (sqlite === undefined) throw new Error(sqliteMissing());
    const { DatabaseSync } = sqlite;
    const db = new DatabaseSync(this.#path, { timeout: 1000 });
    try {
      const { user_version: version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
      if (version > STORE_SCHEMA_VERSION) {
        throw new Error(`${this.#path} has schema version ${version}; this sightline knows ${STORE_SCHEMA_VERSION}`);
      }
      db.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;");
      if (version < STORE_SCHEMA_VERSION) db.exec(`${SCHEMA} PRAGMA user_version = ${STORE_SCHEMA_VERSION};`);
      this.#statements = {
        insertEvent: db.prepare(
          "INSERT OR IGNORE INTO events (id, group_key, timestamp, level, json) VALUES (?, ?, ?, ?, ?)",
        ),
        upsertGroup: db.prepare(`
          INSERT INTO groups (key, type, message, route, count, first_seen, last_seen, last_event_id)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?)
          ON CONFLICT (key) DO UPDATE SET
            type = excluded.type,
            message = excluded.message,
            route = coalesce(excluded.route, groups.route),
            count = groups.count + excluded.count,
            first_seen = min(groups.first_seen, excluded.first_seen),
            last_seen = max(groups.last_seen, excluded.last_seen),
            last_event_id = excluded.last_event_id`),
        addCount: db.prepare("UPDATE groups SET count = count + ?, last_seen = max(last_seen, ?) WHERE key = ?"),
        pruneEvents: db.prepare(`
          DELETE FROM events WHERE group_key = ? AND id NOT IN (
            SELECT id FROM events WHERE group_key = ? ORDER BY timestamp DESC, rowid DESC LIMIT ?)`),
        pruneGroups: db.prepare(
          "DELETE FROM groups WHERE key IN (SELECT key FROM groups ORDER BY last_seen DESC LIMIT -1 OFFSET ?)",
        ),
        pruneOrphans: db.prepare("DELETE FROM events WHERE group_key NOT IN (SELECT key FROM groups)"),
      };
      this.#db = db;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  send(event: ErrorEvent, group: Readonly<Group>): void {
    if (this.#db === undefined || this.#closed) return;
    this.#track(group);
    if (this.#queue.length >= MAX_QUEUE) this.#queue.shift();
    this.#queue.push({ event, group });
    this.#scheduled ??= setImmediate(() => {
      this.#scheduled = undefined;
      this.#write();
    });
  }

  flush(_timeoutMs: number): Promise<void> {
    this.#write();
    return Promise.resolve();
  }

  close(): void {
    if (this.#closed) return;
    this.#write();
    this.#closed = true;
    this.#stopClosingAtExit();
    if (this.#scheduled !== undefined) clearImmediate(this.#scheduled);
    this.#scheduled = undefined;
    try {
      this.#db?.close();
    } catch (error) {
      this.#fail(error);
    }
    this.#db = undefined;
  }

  /** Writes the queue and every group's new occurrences (dropped by the rate limit too). */
  #write(): void {
    const db = this.#db;
    const sql = this.#statements;
    if (db === undefined || sql === undefined) return;
    const queue = this.#queue;
    const latest = new Map<string, ErrorEvent>();
    for (const { event, group } of queue) latest.set(group.key, event);
    const pending = [...this.#tracked.values()].filter(
      (group) => group.count > (this.#written.get(group) ?? 0) || latest.has(group.key),
    );
    if (pending.length === 0) return;
    this.#queue = [];
    try {
      db.exec("BEGIN IMMEDIATE");
      try {
        for (const { event, group } of queue) {
          const key = storeKey(group.key);
          const json = JSON.stringify(event);
          sql.insertEvent.run(event.event_id, key, Math.round(event.timestamp * 1000), event.level, json);
        }
        for (const group of pending) {
          const key = storeKey(group.key);
          const delta = group.count - (this.#written.get(group) ?? 0);
          const event = latest.get(group.key);
          if (event === undefined) {
            sql.addCount.run(delta, group.lastSeen, key);
            continue;
          }
          const { type, message } = titleOf(event);
          sql.upsertGroup.run(
            key,
            type,
            message,
            routeOf(event),
            delta,
            group.firstSeen,
            group.lastSeen,
            event.event_id,
          );
          // anonymous parameters: numbered ones (?1) fail on Node.js 22 before 22.20
          sql.pruneEvents.run(key, key, this.#maxEvents);
        }
        if (Number(sql.pruneGroups.run(this.#maxGroups).changes) > 0) sql.pruneOrphans.run();
        db.exec("COMMIT");
      } catch (error) {
        db.exec("ROLLBACK");
        throw error;
      }
      for (const group of pending) this.#written.set(group, group.count);
    } catch (error) {
      // the events are lost; the occurrences stay pending and are added by the next write
      this.#fail(error);
    }
  }

  #track(group: Readonly<Group>): void {
    this.#tracked.delete(group.key); // re-inserted as the most recent
    this.#tracked.set(group.key, group);
    if (this.#tracked.size <= this.#maxGroups) return;
    for (const [key, oldest] of this.#tracked) {
      if (this.#tracked.size <= this.#maxGroups) break;
      if (oldest.count === (this.#written.get(oldest) ?? 0)) this.#tracked.delete(key);
    }
  }

  #fail(error: unknown): void {
    if (this.#failed) return;
    this.#failed = true;
    try {
      log.exception("error_store_failed", error, { path: this.#path });
    } catch {
      // never into the caller
    }
  }
}
