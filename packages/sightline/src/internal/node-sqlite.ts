// node:sqlite, loaded on first use through process.getBuiltinModule (a static import would fail
// the whole module graph on a Node.js without it, and bundlers leave builtins alone either way).
// Node.js 22 announces the module with an ExperimentalWarning when it loads; Sightline's own load
// is its business, not the application's, so that one warning is held back and nothing else.

import type * as Sqlite from "node:sqlite";

/** The first Node.js 22 release where node:sqlite needs no flag. */
export const SQLITE_NODE_VERSION = "22.13";

let loaded: typeof Sqlite | null | undefined;

function isSqliteNotice(warning: unknown, type: unknown): boolean {
  const message = warning instanceof Error ? warning.message : String(warning);
  const kind = warning instanceof Error ? warning.name : type;
  return kind === "ExperimentalWarning" && message.startsWith("SQLite is an experimental feature");
}

/** node:sqlite, or undefined when this Node.js has none (too old, built without it, or flagged off). */
export function loadNodeSqlite(): typeof Sqlite | undefined {
  if (loaded !== undefined) return loaded ?? undefined;
  // process.getBuiltinModule itself is Node.js 22.3+
  const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  if (typeof getBuiltin !== "function") {
    loaded = null;
    return undefined;
  }
  const emitWarning = process.emitWarning;
  process.emitWarning = function withoutSqliteNotice(this: NodeJS.Process, ...args: unknown[]): void {
    const [warning, options] = args;
    const type = typeof options === "string" ? options : (options as { type?: unknown } | undefined)?.type;
    if (isSqliteNotice(warning, type)) return;
    (emitWarning as (...given: unknown[]) => void).apply(this, args);
  } as typeof process.emitWarning;
  try {
    loaded = (getBuiltin.call(process, "node:sqlite") as typeof Sqlite | undefined) ?? null;
  } finally {
    process.emitWarning = emitWarning;
  }
  return loaded ?? undefined;
}

/** Why the store cannot open, in one line for people. */
export function sqliteMissing(): string {
  return (
    `the embedded error store needs node:sqlite, which this Node.js (${process.version}) does not have: ` +
    `use Node.js ${SQLITE_NODE_VERSION} or later (not started with --no-experimental-sqlite)`
  );
}
