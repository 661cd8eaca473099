// The embedded error store across process restarts, read back by the `sightline errors` CLI.
// test/fixtures/errors-store-child.ts is a small service whose requests fail; it runs twice on
// the same store file, and the CLI reads what both runs left.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import { collect, spawnFixture, withTimeout } from "./helpers/child-process.ts";

const SAFETY_MS = 60_000;
const CLI = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs `src/cli/main.ts <args>` from source, as `npx sightline` runs dist/cli/main.js. */
async function runCli(args: readonly string[], cwd?: string): Promise<Run> {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  const child = spawn(process.execPath, ["--conditions=sightline:source", CLI, ...args], { cwd, env });
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => resolve(code));
  });
  const [stdout, stderr, code] = await withTimeout(
    Promise.all([collect(child.stdout), collect(child.stderr), exited]),
    SAFETY_MS,
    `sightline ${args.join(" ")}`,
  );
  return { code, stdout: stdout.toString("utf8"), stderr: stderr.toString("utf8") };
}

async function runService(storePath: string, firstId: number, requests: number, end: "close" | "exit"): Promise<void> {
  const run = spawnFixture("errors-store-child.ts", [storePath, String(firstId), String(requests), end]);
  const [, stderr, status] = await withTimeout(
    Promise.all([collect(run.child.stdout), collect(run.child.stderr), run.exited]),
    SAFETY_MS,
    `service run (${end})`,
    run,
  );
  assert.deepEqual(status, { code: 0, signal: null }, stderr.toString("utf8"));
}

interface GroupJson {
  id: string;
  count: number;
  type: string;
  message: string;
  route: string | null;
  first_seen: string;
  last_seen: string;
  last_event_id: string;
}

let dir: string;
let db: string;
let afterFirstRun: GroupJson[];

before(async () => {
  dir = mkdtempSync(join(tmpdir(), "sightline-errors-store-"));
  db = join(dir, "store", "errors.db");
  await runService(db, 1, 3, "close");
  afterFirstRun = JSON.parse((await runCli(["errors", "--db", db, "--json"])).stdout) as GroupJson[];
  await runService(db, 4, 4, "exit");
});
after(() => rmSync(dir, { recursive: true, force: true }));

async function groupsJson(): Promise<GroupJson[]> {
  const run = await runCli(["errors", "--db", db, "--json"]);
  assert.equal(run.code, 0, run.stderr);
  return JSON.parse(run.stdout) as GroupJson[];
}

async function failureGroup(): Promise<GroupJson> {
  const group = (await groupsJson()).find((candidate) => candidate.type === "TypeError");
  assert.ok(group, "the TypeError group is stored");
  return group;
}

test("a restarted process adds to the stored group: 3 + 4 occurrences, one group", async () => {
  assert.deepEqual(
    afterFirstRun.map((group) => [group.type, group.count, group.route]),
    [["TypeError", 3, "/answers/:id"]],
  );
  const groups = await groupsJson();
  const failure = await failureGroup();
  assert.equal(failure.id, afterFirstRun[0]?.id, "the same group key in both runs");
  assert.equal(failure.count, 7);
  assert.equal(failure.message, "could not save answer 7");
  assert.equal(failure.first_seen, afterFirstRun[0]?.first_seen);
  assert.ok(failure.last_seen > (afterFirstRun[0]?.last_seen ?? ""));
  // captured right before process.exit(0): written by the store's exit hook
  const message = groups.find((group) => group.type === "message");
  assert.deepEqual([message?.message, message?.count], ["shutting down after failures", 1]);
  const seen = groups.map((group) => group.last_seen);
  assert.deepEqual(seen, [...seen].sort().reverse(), "most recently seen first");
});

test("`sightline errors` lists the groups: id, count, last seen, type, route, message", async () => {
  const failure = await failureGroup();
  const run = await runCli(["errors", "--db", db]);
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stdout, /^2 groups, 8 occurrences in .*errors\.db/);
  const line = run.stdout.split("\n").find((candidate) => candidate.startsWith(failure.id.slice(0, 12)));
  assert.ok(line, run.stdout);
  assert.match(line, /^[0-9a-f]{12}\s+7\s+(just now|\d+[smhd] ago)\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\s+TypeError\s+/);
  assert.match(line, /\/answers\/:id\s+could not save answer 7$/);
  const recent = await runCli(["errors", "--db", db, "--since", "1h"]);
  assert.match(recent.stdout, /^2 groups, 8 occurrences in the last 1h/);
});

test("`sightline errors show <id prefix>`: the event, its request, chain, frames and breadcrumbs", async () => {
  const failure = await failureGroup();
  const run = await runCli(["errors", "show", failure.id.slice(0, 8), "--db", db]);
  assert.equal(run.code, 0, run.stderr);
  const text = run.stdout;
  assert.match(text, /^TypeError: could not save answer 7\n/);
  assert.match(text, new RegExp(`event\\s+${failure.last_event_id}`));
  assert.match(text, /level\s+error/);
  assert.match(text, /group\s+[0-9a-f]{12}, 7 occurrences/);
  assert.match(text, /env\s+store-test, release 2\.0\.0/);
  assert.match(text, /request\s+POST \/answers\/:id \(\/answers\/7\)/);
  assert.match(text, /user\s+user-7\n/);
  assert.doesNotMatch(text, /not-sent@example\.com/);
  assert.match(text, /\n {4}> at saveAnswer \(.*errors-store-child\.ts:\d+:\d+\)\n/, "in-app frame, marked");
  assert.match(text, /\n {6}at .*node:internal/, "a Node.js frame, not marked");
  assert.match(text, /Caused by: Error: connect ECONNREFUSED 127\.0\.0\.1:5432/);
  assert.match(
    text,
    /Breadcrumbs \(2, oldest first\)\n {2}\d\d:\d\d:\d\d\.\d{3} {2}info\s+answers\s+answer_received\s+answer_id=7\n/,
  );
  assert.match(text, /request_failed\s+error_type=TypeError error_message="could not save answer 7"/);
  assert.match(text, /Other stored events of this group\n( {2}[0-9a-f]{32} .*\n){4}$/);
});

test("`sightline errors show <event id> --json` prints the stored event for scripts", async () => {
  const failure = await failureGroup();
  const run = await runCli(["errors", "show", failure.last_event_id, "--db", db, "--json"]);
  assert.equal(run.code, 0, run.stderr);
  const document = JSON.parse(run.stdout) as {
    group: GroupJson;
    event: {
      event_id: string;
      level: string;
      request?: { route?: string };
      exception?: {
        values: Array<{ type: string; stacktrace?: { frames: Array<{ function: string; in_app: boolean }> } }>;
      };
      breadcrumbs?: { values: Array<{ message: string; data?: Record<string, unknown> }> };
    };
    other_events: Array<{ id: string; timestamp: string; level: string }>;
  };
  assert.equal(document.group.count, 7);
  assert.equal(document.event.event_id, failure.last_event_id);
  assert.equal(document.event.level, "error");
  assert.equal(document.event.request?.route, "/answers/:id");
  const thrown = document.event.exception?.values.at(-1);
  assert.equal(thrown?.type, "TypeError");
  assert.ok(thrown?.stacktrace?.frames.some((frame) => frame.function === "saveAnswer" && frame.in_app));
  assert.deepEqual(
    document.event.breadcrumbs?.values.map((crumb) => crumb.message),
    ["answer_received", "request_failed"],
  );
  assert.equal(document.other_events.length, 4, "5 events kept per group");
});

test("unknown ids, a missing store and bad arguments are clear messages with exit codes", async () => {
  const unknown = await runCli(["errors", "show", "ffffffffffff", "--db", db]);
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /no group or event "ffffffffffff" in the store/);
  const missing = await runCli(["errors", "--db", join(dir, "nowhere.db")]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no error store at .*nowhere\.db — call initErrors\(\) without a dsn to create one/);
  const byDefault = await runCli(["errors"], dir);
  assert.equal(byDefault.code, 1);
  assert.equal(
    byDefault.stderr,
    "sightline errors: no error store at .sightline/errors.db — call initErrors() without a dsn to create one\n",
  );
  const badSince = await runCli(["errors", "--db", db, "--since", "yesterday"]);
  assert.equal(badSince.code, 2);
  assert.match(badSince.stderr, /--since takes a duration/);
  const unknownCommand = await runCli(["metrics"]);
  assert.equal(unknownCommand.code, 2);
  assert.match(unknownCommand.stderr, /unknown command "metrics"[\s\S]*Usage: sightline <command>/);
  const help = await runCli(["errors", "--help"]);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /sightline errors show <group id prefix \| event id>/);
});
