// The embedded store on every Node.js the package supports (#16): node:sqlite loads without the
// ExperimentalWarning Node.js 22 prints for it (and without hiding the application's own
// warnings), and where node:sqlite is missing, initErrors() keeps events in memory and the CLI
// says why in one line.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

const dir = mkdtempSync(join(tmpdir(), "sightline-node-sqlite-"));
after(() => rmSync(dir, { recursive: true, force: true }));
const CLI = fileURLToPath(new URL("../src/cli/main.ts", import.meta.url));
// the snippets run in a scratch directory, outside the workspace, so they import the sources by URL
const ERRORS = new URL("../src/errors/index.ts", import.meta.url).href;

/** Runs a module snippet (or the CLI) in a fresh Node.js, without warnings switched off. */
function node(args: readonly string[]) {
  const env: NodeJS.ProcessEnv = { ...process.env, LOG_FORMAT: "json" };
  delete env.NODE_TEST_CONTEXT;
  delete env.LOG_LEVEL;
  // keep what this Node.js needs to run .ts (Node.js 22.13: --experimental-strip-types), not less
  if (env.NODE_OPTIONS !== undefined) env.NODE_OPTIONS = env.NODE_OPTIONS.replace(/--disable-warning=\S+/g, "");
  const result = spawnSync(process.execPath, ["--conditions=sightline:source", ...args], {
    cwd: dir,
    env,
    encoding: "utf8",
    timeout: 30_000,
  });
  // Node.js 22 announces the type stripping that runs this suite's .ts sources; that warning is ours, not the store's
  const stderr = result.stderr.replace(
    /^.*ExperimentalWarning: Type Stripping.*\n(\(Use `node --trace-warnings.*\n)?/m,
    "",
  );
  return { code: result.status, stdout: result.stdout, stderr };
}

test("the store opens node:sqlite without its ExperimentalWarning; the application's warnings still print", () => {
  const { code, stdout, stderr } = node([
    "--input-type=module",
    "-e",
    `import { captureException, closeErrors, initErrors } from "${ERRORS}";
     process.emitWarning("before sightline", "ExperimentalWarning");
     await initErrors({ storePath: "warning.db", handleUncaught: false });
     captureException(new Error("stored"));
     await closeErrors();
     process.emitWarning("after sightline", "ExperimentalWarning");
     console.log("done");`,
  ]);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /done/);
  assert.doesNotMatch(stderr, /SQLite is an experimental feature/);
  assert.match(stderr, /ExperimentalWarning: before sightline/);
  assert.match(stderr, /ExperimentalWarning: after sightline/);
});

test("without node:sqlite, initErrors() keeps capturing in memory, with one warning line naming the Node.js needed", () => {
  const { code, stdout, stderr } = node([
    "--no-experimental-sqlite",
    "--input-type=module",
    "-e",
    `import { captureException, getCapturedEvents, initErrors } from "${ERRORS}";
     await initErrors({ handleUncaught: false });
     captureException(new Error("kept in memory"));
     console.log(JSON.stringify({ captured: getCapturedEvents().map((event) => event.exception?.values.at(-1)?.value) }));`,
  ]);
  assert.equal(code, 0, stderr);
  const lines = stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const warnings = lines.filter((line) => line.level === "warning");
  assert.equal(warnings.length, 1, stdout);
  assert.equal(warnings[0]?.event, "error_store_unavailable");
  assert.equal(warnings[0]?.store, "memory");
  assert.match(String(warnings[0]?.reason), /needs node:sqlite.*Node\.js 22\.13 or later/);
  // the logger's buffered line and console.log's may arrive in either order
  assert.deepEqual(
    lines.find((line) => "captured" in line),
    { captured: ["kept in memory"] },
  );
  assert.equal(stderr, "");
});

test("without node:sqlite, `sightline errors` says why in one line and exits 1", () => {
  const { code, stdout, stderr } = node(["--no-experimental-sqlite", CLI, "errors"]);
  assert.equal(code, 1);
  assert.equal(stdout, "");
  assert.equal(stderr.trim().split("\n").length, 1, stderr);
  assert.match(stderr, /^sightline errors: the embedded error store needs node:sqlite.*Node\.js 22\.13 or later/);
});

test("sightline without arguments, with --help and with --version", () => {
  const bare = node([CLI]);
  assert.equal(bare.code, 0);
  assert.match(bare.stdout, /^Usage: sightline <command>/);
  assert.equal(node([CLI, "--help"]).stdout, bare.stdout);
  const version = node([CLI, "--version"]);
  assert.equal(version.code, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+(-[\w.]+)?\n$/);
  assert.equal(node([CLI, "-v"]).stdout, version.stdout);
});
