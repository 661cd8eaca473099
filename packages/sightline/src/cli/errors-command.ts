// `sightline errors`: the error groups of the embedded store, newest first, and
// `sightline errors show <id>`: one event in full. `--json` for scripts.

import { parseArgs } from "node:util";
import { DEFAULT_DB, ErrorStore, StoreError, type StoredGroup } from "./error-store.ts";
import { isoSeconds, parseDuration, relativeTime } from "./format-time.ts";
import { renderEvent } from "./render-event.ts";

/** Where a command writes, and the time it takes as now. */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  now: number;
}

export const ERRORS_USAGE = `Usage:
  sightline errors [--db PATH] [--since DURATION] [--json]
  sightline errors show <group id prefix | event id> [--db PATH] [--json]

Lists the error groups of the embedded store (initErrors() without a dsn), most recently
seen first, or prints one event: its exception chain with stack frames and its breadcrumbs.

Options:
  --db PATH         the store to read (default: ${DEFAULT_DB})
  --since DURATION  only groups seen in the last 30s, 15m, 1h, 2d or 1w
  --json            JSON instead of text, for scripts
  -h, --help        show this help
`;

const MESSAGE_WIDTH = 80;

function groupJson(group: StoredGroup): Record<string, unknown> {
  return {
    id: group.key,
    count: group.count,
    type: group.type,
    message: group.message,
    route: group.route,
    first_seen: new Date(group.first_seen).toISOString(),
    last_seen: new Date(group.last_seen).toISOString(),
    last_event_id: group.last_event_id,
  };
}

function oneLine(text: string, width: number): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

function table(rows: readonly string[][]): string {
  const widths = (rows[0] ?? []).map((_, column) => Math.max(...rows.map((row) => (row[column] ?? "").length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 1 ? cell.padStart(widths[1] ?? 0) : cell.padEnd(widths[column] ?? 0)))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

function listGroups(store: ErrorStore, db: string, since: string | undefined, json: boolean, io: CommandIo): number {
  let from = 0;
  if (since !== undefined) {
    const duration = parseDuration(since);
    if (duration === undefined) {
      io.err(`sightline errors: --since takes a duration such as 30m, 1h or 2d (got "${since}")\n`);
      return 2;
    }
    from = io.now - duration;
  }
  const groups = store.groups(from);
  if (json) {
    io.out(`${JSON.stringify(groups.map(groupJson), null, 2)}\n`);
    return 0;
  }
  const window = since === undefined ? "" : ` in the last ${since}`;
  if (groups.length === 0) {
    io.out(`No errors${window} in ${db}.\n`);
    return 0;
  }
  const total = groups.reduce((sum, group) => sum + group.count, 0);
  const rows = [
    ["ID", "COUNT", "LAST SEEN", "", "TYPE", "ROUTE", "MESSAGE"],
    ...groups.map((group) => [
      group.key.slice(0, 12),
      String(group.count),
      relativeTime(group.last_seen, io.now),
      isoSeconds(group.last_seen),
      group.type,
      group.route ?? "-",
      oneLine(group.message, MESSAGE_WIDTH),
    ]),
  ];
  const groupsText = `${groups.length} group${groups.length === 1 ? "" : "s"}`;
  io.out(
    `${groupsText}, ${total} occurrence${total === 1 ? "" : "s"}${window} in ${db} (most recent first)\n\n` +
      `${table(rows)}\n\nsightline errors show <ID> prints the latest event of a group.\n`,
  );
  return 0;
}

function showEvent(store: ErrorStore, id: string, json: boolean, io: CommandIo): number {
  const found = store.find(id);
  if (json) {
    const document = {
      group: found.group === undefined ? null : groupJson(found.group),
      event: found.event,
      other_events: found.siblings
        .filter((sibling) => sibling.id !== found.event.event_id)
        .map((sibling) => ({ ...sibling, timestamp: new Date(sibling.timestamp).toISOString() })),
    };
    io.out(`${JSON.stringify(document, null, 2)}\n`);
  } else {
    io.out(renderEvent(found, io.now));
  }
  return 0;
}

/** Runs `sightline errors <args>`; returns the exit code (1: store or id problem, 2: usage). */
export function errorsCommand(args: readonly string[], io: CommandIo): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        db: { type: "string" },
        since: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (error) {
    io.err(`sightline errors: ${(error as Error).message}\n\n${ERRORS_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    io.out(ERRORS_USAGE);
    return 0;
  }
  const [subcommand, ...rest] = positionals;
  const isShow = subcommand === "show" && rest.length === 1;
  if (subcommand !== undefined && !isShow) {
    const problem = subcommand === "show" ? "show takes one id" : `unknown subcommand "${subcommand}"`;
    io.err(`sightline errors: ${problem}\n\n${ERRORS_USAGE}`);
    return 2;
  }
  const db = values.db ?? DEFAULT_DB;
  let store: ErrorStore | undefined;
  try {
    store = ErrorStore.open(db);
    const json = values.json === true;
    return isShow ? showEvent(store, rest[0] as string, json, io) : listGroups(store, db, values.since, json, io);
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    io.err(`sightline errors: ${error.message}\n`);
    return 1;
  } finally {
    store?.close();
  }
}
