// test/snapshots/<rule>.md hold what each rule reports on its docs' ❌ examples, fixes and
// suggestions applied; a rule whose messages, locations or fixes change fails here until
// `npm run update-snapshots` records the change for review.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import type { Linter } from "eslint";
import { rules } from "../src/rules/index.ts";
import { codeFrame, ruleSnapshot } from "../scripts/rule-snapshots.ts";

const root = new URL("../", import.meta.url);

describe("test/snapshots", () => {
  for (const name of Object.keys(rules)) {
    it(`${name}.md is current (npm run update-snapshots)`, () => {
      const file = new URL(`test/snapshots/${name}.md`, root);
      assert.ok(existsSync(file), `test/snapshots/${name}.md is missing`);
      const doc = readFileSync(new URL(`docs/rules/${name}.md`, root), "utf8");
      assert.equal(readFileSync(file, "utf8"), ruleSnapshot(name, doc));
    });
  }

  it("holds no snapshot of a rule that no longer exists", () => {
    const files = readdirSync(new URL("test/snapshots/", root)).map((file) => file.replace(/\.md$/, ""));
    assert.deepEqual(files.sort(), Object.keys(rules).sort());
  });
});

describe("codeFrame", () => {
  const message = (fields: Partial<Linter.LintMessage>): Linter.LintMessage =>
    ({ ruleId: "r", message: "bad", severity: 2, line: 2, column: 5, ...fields }) as Linter.LintMessage;
  const code = "const a = 1;\nlog(a + b);\nafter();\n";

  it("marks the problem's line and underlines its columns", () => {
    assert.equal(
      codeFrame(code, message({ endLine: 2, endColumn: 10 })),
      ["  1 | const a = 1;", "> 2 | log(a + b);", "    |     ^^^^^ bad", "  3 | after();"].join("\n"),
    );
  });

  it("underlines to the end of the first line of a problem that spans lines, and marks the rest", () => {
    assert.equal(
      codeFrame(code, message({ endLine: 3, endColumn: 4 })),
      ["  1 | const a = 1;", "> 2 | log(a + b);", "    |     ^^^^^^^ bad", "> 3 | after();"].join("\n"),
    );
  });

  it("underlines to the end of the line when a problem has no end", () => {
    assert.equal(codeFrame("f(x);", message({ line: 1, column: 3 })), ["> 1 | f(x);", "    |   ^^^ bad"].join("\n"));
  });
});
