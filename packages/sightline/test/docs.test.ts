// Every ```ts block in README.md and docs/ is type-checked against the real API and run, so the
// documentation cannot drift from the library (STYLE.md 15).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { fileURLToPath } from "node:url";

const repoDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const pages = ["README.md", ...readdirSync(join(repoDir, "docs")).map((name) => join("docs", name))];
// inside the repository, so that "sightline" resolves as it does for users of the workspace
const workDir = mkdtempSync(join(repoDir, "packages", "sightline", "test", ".snippets-"));
after(() => rmSync(workDir, { recursive: true, force: true }));

interface Snippet {
  page: string;
  line: number;
  file: string;
}

const snippets: Snippet[] = [];
for (const page of pages.filter((name) => name.endsWith(".md"))) {
  const text = readFileSync(join(repoDir, page), "utf8");
  for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const line = text.slice(0, match.index).split("\n").length;
    const file = join(workDir, `${page.replace(/[/.]/g, "_")}_${line}.ts`);
    writeFileSync(file, `${match[1]}\nexport {};\n`);
    snippets.push({ page, line, file });
  }
}

test("the documentation has code to check", () => {
  assert.ok(snippets.length >= 10, `found ${snippets.length} snippets`);
});

test("every ts snippet type-checks", () => {
  writeFileSync(
    join(workDir, "tsconfig.json"),
    JSON.stringify({
      extends: "../../../../tsconfig.base.json",
      compilerOptions: { noEmit: true, allowImportingTsExtensions: true, noUnusedLocals: false },
      include: ["*.ts"],
    }),
  );
  const tsc = join(repoDir, "node_modules", "typescript", "bin", "tsc");
  try {
    execFileSync(process.execPath, [tsc, "-p", workDir], { encoding: "utf8" });
  } catch (error) {
    assert.fail(`snippets do not type-check:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
  }
});

test("every ts snippet runs and writes valid JSON lines", () => {
  for (const snippet of snippets) {
    const where = `${snippet.page}:${snippet.line}`;
    let output: string;
    try {
      output = execFileSync(process.execPath, ["--conditions=sightline:source", snippet.file], {
        encoding: "utf8",
        env: { ...process.env, LOG_FORMAT: "json", LOG_LEVEL: "" },
      });
    } catch (error) {
      assert.fail(`${where} failed: ${(error as { stderr?: string }).stderr ?? String(error)}`);
    }
    for (const line of output.split("\n").filter((l) => l.startsWith("{"))) {
      assert.doesNotThrow(() => JSON.parse(line), where);
      assert.ok(!line.includes("hunter2") && !line.includes("s3cret") && !line.includes("abc123"), where);
    }
  }
});
