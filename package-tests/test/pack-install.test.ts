// The packages as a stranger gets them: both tarballs packed, installed into an empty project
// outside the workspace, and every subpath export loaded there with import and with require(),
// on the oldest supported Node.js and on Node.js 24.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, test } from "node:test";
import { NODE_BINARIES, cleanEnv, repoDir, run, strangerProject } from "./helpers/packages.ts";

const sightlineManifest = JSON.parse(readFileSync(join(repoDir, "packages/sightline/package.json"), "utf8")) as {
  version: string;
  exports: Record<string, unknown>;
};
const specifiers = Object.keys(sightlineManifest.exports)
  .filter((subpath) => subpath !== "./package.json")
  .map((subpath) => (subpath === "." ? "sightline" : `sightline/${subpath.slice(2)}`));

// the optional peers two subpaths import at load (sightline/hono, sightline/tracing), and the linter
const project = strangerProject(
  ["packages/sightline", "packages/eslint-plugin-sightline"],
  ["hono", "@opentelemetry/api", "eslint", "typescript-eslint", "typescript"],
);
after(() => rmSync(project, { recursive: true, force: true }));

for (const [label, node] of Object.entries(NODE_BINARIES)) {
  test(`${label}: every subpath export of sightline loads with import`, () => {
    const script = `for (const s of ${JSON.stringify(specifiers)}) {
      const m = await import(s);
      if (Object.keys(m).length === 0) throw new Error(s + " exports nothing");
    }
    console.log("imported", ${specifiers.length});`;
    const { stdout, stderr } = run(node, ["--input-type=module", "-e", script], { cwd: project });
    assert.equal(stdout.trim(), `imported ${specifiers.length}`);
    assert.equal(stderr, "", "no warning on load");
  });

  test(`${label}: every subpath export of sightline loads with require()`, () => {
    const script = `for (const s of ${JSON.stringify(specifiers)}) {
      if (Object.keys(require(s)).length === 0) throw new Error(s + " exports nothing");
    }
    console.log("required", ${specifiers.length});`;
    const { stdout, stderr } = run(node, ["-e", script], { cwd: project });
    assert.equal(stdout.trim(), `required ${specifiers.length}`);
    assert.equal(stderr, "", "no warning on load");
  });

  test(`${label}: a logger from the installed package writes a JSON line`, () => {
    const script = `const { configure, getLogger } = require("sightline");
      configure({ format: "json", service: "stranger" });
      getLogger("app").info("installed_from_tarball", { password: "hunter2" });`;
    const line = JSON.parse(run(node, ["-e", script], { cwd: project }).stdout) as Record<string, unknown>;
    assert.equal(line.event, "installed_from_tarball");
    assert.equal(line.service, "stranger");
    assert.equal(line.password, "[REDACTED]");
  });

  test(`${label}: npx sightline --version and --help`, () => {
    const env = cleanEnv({ PATH: `${join(node, "..")}:${process.env.PATH ?? ""}` });
    const version = run("npx", ["--no-install", "sightline", "--version"], { cwd: project, env }).stdout;
    assert.equal(version.trim(), sightlineManifest.version);
    const help = run("npx", ["--no-install", "sightline", "--help"], { cwd: project, env }).stdout;
    assert.match(help, /Usage: sightline/);
  });

  test(`${label}: eslint-plugin-sightline loads with import and require() and lints a file`, () => {
    writeFileSync(
      join(project, "eslint.config.mjs"),
      `import sightline from "eslint-plugin-sightline";
import tseslint from "typescript-eslint";
export default [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, sightline.configs.recommended];
`,
    );
    writeFileSync(join(project, "app.ts"), 'console.log("user logged in " + userId);\ndeclare const userId: string;\n');
    const loaded = run(
      node,
      [
        "--input-type=module",
        "-e",
        `import plugin from "eslint-plugin-sightline";
         import { createRequire } from "node:module";
         const required = createRequire(process.cwd() + "/")("eslint-plugin-sightline");
         console.log(Object.keys(plugin.rules).length, Object.keys((required.default ?? required).rules).length);`,
      ],
      { cwd: project },
    ).stdout;
    const [imported, required] = loaded.trim().split(" ").map(Number);
    assert.ok((imported ?? 0) >= 7, loaded);
    assert.equal(required, imported);
    const eslint = join(project, "node_modules", "eslint", "bin", "eslint.js");
    const report = run(node, [eslint, "--format", "json", "app.ts"], { cwd: project, allowFailure: true }).stdout;
    const [file] = JSON.parse(report) as Array<{ messages: Array<{ ruleId: string }> }>;
    assert.ok(
      file?.messages.some((message) => message.ruleId === "sightline/no-console"),
      `no-console reported: ${report}`,
    );
  });
}

test("the lint plugin does not bring the runtime library into a project's dev tooling", () => {
  const plugin = JSON.parse(
    readFileSync(join(project, "node_modules", "eslint-plugin-sightline", "package.json"), "utf8"),
  ) as { dependencies?: Record<string, string> };
  assert.equal(plugin.dependencies?.sightline, undefined);
});

test("the tarballs hold README, LICENSE, CHANGELOG, and the sources their source maps name", () => {
  for (const dir of ["sightline", "eslint-plugin-sightline"]) {
    const installed = join(project, "node_modules", dir);
    for (const file of ["README.md", "LICENSE", "CHANGELOG.md", "package.json"]) {
      assert.doesNotThrow(() => readFileSync(join(installed, file)), `${dir}/${file}`);
    }
  }
  for (const dir of ["sightline", "eslint-plugin-sightline"]) {
    const installed = join(project, "node_modules", dir);
    const maps = execFileSync("find", ["dist", "-name", "*.map"], { cwd: installed, encoding: "utf8" })
      .trim()
      .split("\n");
    assert.ok(maps.length > 20, `${dir}: ${maps.length} maps`);
    for (const map of maps) {
      const path = join(installed, map);
      const { sources } = JSON.parse(readFileSync(path, "utf8")) as { sources: string[] };
      for (const source of sources) {
        assert.doesNotThrow(() => readFileSync(join(path, "..", source)), `${dir}/${map} names ${source}`);
      }
    }
  }
});
