// Keeps the promises of STYLE.md 1 and 11: every subpath export resolves to a folder's index.ts
// (and its built file), and docs/error-codes.md lists exactly the codes the library can throw.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { ERROR_CODES } from "../src/internal/errors.ts";

const packageDir = join(dirname(fileURLToPath(import.meta.url)), "..");
const repoDir = join(packageDir, "..", "..");
const manifest = JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as {
  exports: Record<string, string | Record<string, string>>;
};

test("every subpath export points at an existing index.ts and a built file, and imports", async () => {
  for (const [subpath, target] of Object.entries(manifest.exports)) {
    if (typeof target === "string") {
      assert.ok(existsSync(join(packageDir, target)), `${subpath} → ${target}`);
      continue;
    }
    const source = target["sightline:source"] as string;
    // a folder's index.ts, or one of the thin HTTP adapters (STYLE.md 9)
    assert.match(source, /^\.\/src\/((.+\/)?index|http\/adapters\/[a-z]+)\.ts$/, `${subpath} maps to a folder's face`);
    assert.ok(existsSync(join(packageDir, source)), `${subpath} → ${source}`);
    for (const built of [target.types, target.default]) {
      assert.ok(existsSync(join(packageDir, built as string)), `${subpath} → ${built} (run npm run build)`);
    }
    const specifier = subpath === "." ? "sightline" : `sightline/${subpath.slice(2)}`;
    const module = (await import(specifier)) as Record<string, unknown>;
    assert.ok(Object.keys(module).length > 0, `${specifier} exports something`);
  }
});

test("the bin target is a committed file (npm links workspace bins before prepare builds dist/)", () => {
  const bin = (JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")) as { bin: Record<string, string> })
    .bin;
  for (const target of Object.values(bin)) {
    assert.ok(!target.includes("dist/"), `${target} would not exist when npm links it`);
    assert.ok(existsSync(join(packageDir, target)), target);
  }
});

test("a plain .mjs script at the repository root imports the built package", () => {
  const output = execFileSync(
    process.execPath,
    [
      "--input-type=module",
      "-e",
      'import { getLogger, configure } from "sightline"; configure({ format: "json" }); getLogger("mjs").info("from_mjs");',
    ],
    { cwd: repoDir, encoding: "utf8" },
  );
  assert.equal(JSON.parse(output).event, "from_mjs");
});

test("docs/error-codes.md lists exactly the codes in src/internal/errors.ts", () => {
  const table = readFileSync(join(repoDir, "docs", "error-codes.md"), "utf8");
  const documented = [...table.matchAll(/^\| `(SIGHTLINE_ERR_[A-Z_]+)` \|/gm)].map((match) => match[1]);
  assert.deepEqual(documented.sort(), Object.keys(ERROR_CODES).sort());
});

test("no source file reaches a code outside the catalogue", () => {
  const grep = execFileSync("grep", ["-rhoE", "SIGHTLINE_ERR_[A-Z_]+", join(packageDir, "src")], { encoding: "utf8" });
  for (const code of new Set(grep.trim().split("\n"))) assert.ok(code in ERROR_CODES, code);
});
