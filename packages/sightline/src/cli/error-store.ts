// The read side of the embedded error store (written by src/errors/sinks/sqlite-sink.ts),
// opened read-only so that the CLI can run while the service writes.

import { existsSync } from "node:fs";
import type { DatabaseSync } from "node:sqlite";
import type { ErrorEvent } from "../errors/index.ts";
// the one loader of node:sqlite (internal to src/errors, shared with the store's writer)
import { loadNodeSqlite, sqliteMissing } from "../internal/node-sqlite.ts";

/** The sink's default file, relative to the working directory (DEFAULT_STORE_PATH there). */
export const DEFAULT_DB = ".sightline/errors.db";
/** The newest schema this reader knows (STORE_SCHEMA_VERSION of the sink). */
const SCHEMA_VERSION = 1;

/** A failure the CLI reports as a message and exit code 1. */
export class StoreError extends Error {}

export interface StoredGroup {
  key: string;
  type: string;
  message: string;
  route: string | null;
  count: number;
  first_seen: number;
  last_seen: number;
  last_event_id: string;
}

export interface StoredEventRef {
  id: string;
  timestamp: number;
  level: string;
}

export interface StoredEvent {
  group: StoredGroup | undefined;
  event: ErrorEvent;
  /** Every event the store keeps of the group, newest first. */
  siblings: StoredEventRef[];
}

export class ErrorStore {
  readonly #db: DatabaseSync;

  private constructor(db: DatabaseSync) {
    this.#db = db;
  }

  /** Opens `path` read-only; a StoreError when it is missing or not a Sightline store. */
  static open(path: string): ErrorStore {
    const sqlite = loadNodeSqlite();
    if (sqlite === undefined) throw new StoreError(sqliteMissing());
    if (!existsSync(path)) {
      throw new StoreError(`no error store at ${path} — call initErrors() without a dsn to create one`);
    }
    let db: DatabaseSync;
    try {
      db = new sqlite.DatabaseSync(path, { readOnly: true, timeout: 1000 });
    } catch (error) {
      throw new StoreError(`cannot open ${path}: ${(error as Error).message}`);
    }
    try {
      const { user_version: version } = db.prepare("PRAGMA user_version").get() as { user_version: number };
      if (version > SCHEMA_VERSION) {
        throw new StoreError(`${path} was written by a newer sightline (schema ${version}); upgrade sightline`);
      }
      const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>;
      const names = new Set(tables.map((table) => table.name));
      if (version < 1 || !names.has("groups") || !names.has("events")) {
        throw new StoreError(`${path} is not a Sightline error store`);
      }
    } catch (error) {
      db.close();
      if (error instanceof StoreError) throw error;
      throw new StoreError(`cannot read ${path}: ${(error as Error).message}`);
    }
    return new ErrorStore(db);
  }

  /** Groups seen at or after `since` (ms since the epoch), most recently seen first. */
  groups(since = 0): StoredGroup[] {
    return this.#db
      .prepare(
        `SELECT key, type, message, route, count, first_seen, last_seen, last_event_id
         FROM groups WHERE last_seen >= ? ORDER BY last_seen DESC, key`,
      )
      .all(since) as unknown as StoredGroup[];
  }

  /**
   * An event by its id, or the latest event of the one group whose key starts with `id`
   * (then an event whose id starts with it). A StoreError when none or several match.
   */
  find(id: string): StoredEvent {
    const needle = id.trim().toLowerCase();
    if (needle === "") throw new StoreError("give a group id (or its first characters) or an event id");
    const exact = this.#event(needle);
    if (exact !== undefined) return exact;
    const groups = this.#db
      .prepare("SELECT key, last_event_id FROM groups WHERE substr(key, 1, ?) = ? ORDER BY last_seen DESC")
      .all(needle.length, needle) as Array<{ key: string; last_event_id: string }>;
    if (groups.length > 1) {
      const keys = groups.map((group) => group.key.slice(0, 12)).join(", ");
      throw new StoreError(`"${id}" matches ${groups.length} groups (${keys}); give more characters`);
    }
    const group = groups[0];
    if (group !== undefined) {
      const newest = this.#db
        .prepare("SELECT id FROM events WHERE group_key = ? ORDER BY timestamp DESC, rowid DESC LIMIT 1")
        .get(group.key) as { id: string } | undefined;
      const found = this.#event(group.last_event_id) ?? (newest === undefined ? undefined : this.#event(newest.id));
      if (found !== undefined) return found;
      throw new StoreError(`group ${group.key.slice(0, 12)} has no stored event`);
    }
    const events = this.#db
      .prepare("SELECT id FROM events WHERE substr(id, 1, ?) = ? LIMIT 2")
      .all(needle.length, needle) as Array<{ id: string }>;
    if (events.length > 1) throw new StoreError(`"${id}" matches several events; give more characters`);
    const found = events[0] === undefined ? undefined : this.#event(events[0].id);
    if (found === undefined) throw new StoreError(`no group or event "${id}" in the store`);
    return found;
  }

  #event(id: string): StoredEvent | undefined {
    const row = this.#db.prepare("SELECT group_key, json FROM events WHERE id = ?").get(id) as
      { group_key: string; json: string } | undefined;
    if (row === undefined) return undefined;
    const group = this.#db
      .prepare(
        `SELECT key, type, message, route, count, first_seen, last_seen, last_event_id
         FROM groups WHERE key = ?`,
      )
      .get(row.group_key) as StoredGroup | undefined;
    const siblings = this.#db
      .prepare("SELECT id, timestamp, level FROM events WHERE group_key = ? ORDER BY timestamp DESC, rowid DESC")
      .all(row.group_key) as unknown as StoredEventRef[];
    return { group, event: JSON.parse(row.json) as ErrorEvent, siblings };
  }

  close(): void {
    this.#db.close();
  }
}
