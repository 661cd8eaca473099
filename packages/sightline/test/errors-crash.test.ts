// A crash with error tracking on: the process logs the critical crash line, stores the fatal
// event in the embedded store, and still exits with code 1. Each case runs
// test/fixtures/errors-crash-child.ts with its own store in a temporary directory.

import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { test } from "node:test";
import { collect, parseJsonLines, spawnFixture, withTimeout } from "./helpers/child-process.ts";

const SAFETY_MS = 60_000;

interface StoredCrash {
  groups: Array<{ type: string; message: string; count: number }>;
  events: Array<{ level: string; event: Record<string, any> }>;
}

function readStore(path: string): StoredCrash {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const groups = db
      .prepare("SELECT type, message, count FROM groups")
      .all()
      .map((row) => ({ ...row }));
    const rows = db.prepare("SELECT level, json FROM events").all() as Array<{ level: string; json: string }>;
    return {
      groups: groups as StoredCrash["groups"],
      events: rows.map((row) => ({ level: row.level, event: JSON.parse(row.json) })),
    };
  } finally {
    db.close();
  }
}

const cases = [
  { mode: "throw", event: "uncaught_exception", what: "an uncaught exception" },
  { mode: "reject", event: "unhandled_rejection", what: "an unhandled rejection" },
] as const;

for (const { mode, event, what } of cases) {
  test(`${what}: the critical line on stdout, the fatal event in the store, exit code 1`, async () => {
    const dir = mkdtempSync(join(tmpdir(), "sightline-errors-crash-"));
    try {
      const storePath = join(dir, "errors.db");
      const run = spawnFixture("errors-crash-child.ts", [mode, storePath]);
      const [stdout, stderr, status] = await withTimeout(
        Promise.all([collect(run.child.stdout), collect(run.child.stderr), run.exited]),
        SAFETY_MS,
        mode,
        run,
      );
      assert.deepEqual(status, { code: 1, signal: null }, stderr.toString("utf8"));

      const records = parseJsonLines(stdout);
      assert.deepEqual(
        records.filter((record) => record.logger === "fixture").map((record) => record.i),
        [0, 1, 2],
      );
      const crash = records.find((record) => record.level === "critical");
      assert.ok(crash, `a critical line: ${stdout.toString("utf8")}`);
      assert.equal(crash.event, event);
      assert.equal(crash.logger, "sightline");
      assert.equal(crash.error_message, "card processor exploded");

      const { groups, events } = readStore(storePath);
      assert.deepEqual(groups, [{ type: "Error", message: "card processor exploded", count: 1 }]);
      assert.equal(events.length, 1);
      const stored = events[0];
      assert.equal(stored?.level, "fatal");
      assert.equal(stored?.event.level, "fatal");
      assert.equal(stored?.event.environment, "crash-test");
      const frames = stored?.event.exception.values.at(-1).stacktrace.frames as Array<{ function: string }>;
      assert.equal(frames.at(-1)?.function, "chargeCard", "the crashing frame");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
