// An application bundled with esbuild, Sightline inside the bundle (installed from its tarball,
// as a user's would be): the quickstart writes what it writes unbundled, and an error captured
// in a bundle run with --enable-source-maps has the original file names, with the application's
// frames in_app and Sightline's not.

import assert from "node:assert/strict";
import { copyFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { build } from "esbuild";
import { NODE_BINARIES, repoDir, run, strangerProject } from "./helpers/packages.ts";

const project = strangerProject(["packages/sightline"]);
after(() => rmSync(project, { recursive: true, force: true }));

async function bundle(entry: string): Promise<string> {
  const outfile = join(project, "dist", entry.replace(/\.ts$/, ".mjs"));
  await build({
    entryPoints: [join(project, entry)],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node22",
    sourcemap: true,
    logLevel: "silent",
  });
  return outfile;
}

/** What a run printed, without what changes between runs (times, ids, durations, stacks). */
function stable(output: string): string {
  return output
    .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g, "<time>")
    .replace(/\b\d\d:\d\d:\d\d\.\d{3}\b/g, "<time>")
    .replace(/"stack":"(?:[^"\\]|\\.)*"/g, '"stack":"<stack>"')
    .replace(/\n(\s+at .*\n?)+/g, "\n<stack>\n");
}

for (const [label, node] of Object.entries(NODE_BINARIES)) {
  test(`${label}: the bundled quickstart writes what the unbundled one does`, async () => {
    copyFileSync(join(repoDir, "examples/quickstart/main.ts"), join(project, "main.ts"));
    const bundled = await bundle("main.ts");
    const env = { ...process.env, NO_COLOR: "1" };
    const fromBundle = run(node, ["--enable-source-maps", bundled], { cwd: project, env }).stdout;
    // the same program from the installed package, not bundled (Node 24 runs the .ts itself)
    const direct = run(NODE_BINARIES["Node.js 24"], ["main.ts"], { cwd: project, env }).stdout;
    assert.match(fromBundle, /"event":"assessment_started"/);
    assert.match(fromBundle, /\[REDACTED\]/);
    assert.doesNotMatch(fromBundle, /hunter2|abcdef123456/);
    assert.equal(stable(fromBundle), stable(direct));
  });

  test(`${label}: an error captured in a bundle goes to the SQLite store with source-mapped frames`, async () => {
    writeFileSync(
      join(project, "errors.ts"),
      `import { configure } from "sightline";
import { captureException, closeErrors, initErrors } from "sightline/errors";

await initErrors({ storePath: "errors.db", handleUncaught: false });
function saveAnswer(): never {
  throw new Error("bundled failure");
}
try {
  saveAnswer();
} catch (error) {
  captureException(error);
}
try {
  configure({ level: "loud" as never }); // thrown inside Sightline: its frames are not the app's
} catch (error) {
  captureException(error);
}
await closeErrors();
`,
    );
    rmSync(join(project, "errors.db"), { force: true });
    const bundled = await bundle("errors.ts");
    run(node, ["--enable-source-maps", bundled], { cwd: project });
    const groups = JSON.parse(
      run(node, [join(project, "node_modules/sightline/bin/sightline.js"), "errors", "--db", "errors.db", "--json"], {
        cwd: project,
      }).stdout,
    ) as Array<{ id: string; message: string }>;
    assert.equal(groups.length, 2, JSON.stringify(groups));
    const frames = (message: RegExp) => {
      const group = groups.find((candidate) => message.test(candidate.message));
      assert.ok(group !== undefined, `a group for ${message}`);
      const shown = JSON.parse(
        run(
          node,
          [
            join(project, "node_modules/sightline/bin/sightline.js"),
            "errors",
            "show",
            group.id,
            "--db",
            "errors.db",
            "--json",
          ],
          {
            cwd: project,
          },
        ).stdout,
      ) as {
        event: {
          exception: {
            values: Array<{ stacktrace?: { frames: Array<{ filename: string; function: string; in_app: boolean }> } }>;
          };
        };
      };
      return shown.event.exception.values.at(-1)?.stacktrace?.frames ?? [];
    };
    const userFrames = frames(/bundled failure/);
    const thrower = userFrames.at(-1);
    assert.equal(thrower?.function, "saveAnswer");
    assert.match(thrower?.filename ?? "", /(^|\/)errors\.ts$/, "the original file, not the bundle");
    assert.equal(thrower?.in_app, true);
    const libraryFrames = frames(/Invalid log level/);
    const inSightline = libraryFrames.filter((frame) => frame.filename.includes("node_modules/sightline/"));
    assert.ok(inSightline.length > 0, JSON.stringify(libraryFrames));
    assert.ok(
      inSightline.every((frame) => !frame.in_app),
      JSON.stringify(inSightline),
    );
    assert.ok(libraryFrames.some((frame) => frame.in_app && /errors\.ts$/.test(frame.filename)));
  });
}
