// Keeps STYLE.md's promises for the plugin: every rule has docs/rules/<name>.md with the template's
// sections in order, a heading for each option, a generated header that matches its metadata,
// examples whose ❌ blocks the rule reports and whose ✅ blocks it accepts; the recommended
// config lists every rule; src/rules/index.ts and the README's table are current.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, it } from "node:test";
import parser from "@typescript-eslint/parser";
import { Linter } from "eslint";
import plugin from "../src/index.ts";
import { rules } from "../src/rules/index.ts";
import { HEADER_END, ruleHeader, rulesTable, TABLE_END, TABLE_START } from "../scripts/rule-docs.ts";
import { rulesIndex, ruleNames } from "../scripts/rules-index.ts";
import { examples, lintExample, section } from "../scripts/doc-examples.ts";

const root = new URL("../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");
const SECTIONS = ["## Examples", "## Options", "## When Not To Use It"];

function optionNames(name: string): string[] {
  const schema = (rules as Record<string, { meta: { schema: unknown } }>)[name]!.meta.schema;
  const first = Array.isArray(schema) ? (schema[0] as { properties?: object } | undefined) : undefined;
  return Object.keys(first?.properties ?? {});
}

for (const name of Object.keys(rules)) {
  describe(`docs/rules/${name}.md`, () => {
    const file = `docs/rules/${name}.md`;
    const doc = existsSync(new URL(file, root)) ? read(file) : "";
    const rule = rules[name as keyof typeof rules];

    it("exists", () => assert.ok(doc !== "", `${file} is missing`));

    it("starts with the header generated from the rule's metadata (npm run update-docs)", () => {
      const end = doc.indexOf(HEADER_END);
      assert.equal(doc.slice(0, end + HEADER_END.length), ruleHeader(name, rule));
    });

    it("has the template's sections, in order", () => {
      const positions = SECTIONS.map((heading) => doc.indexOf(`\n${heading}\n`));
      for (const [i, heading] of SECTIONS.entries()) assert.ok(positions[i]! > 0, `${heading} is missing`);
      assert.deepEqual(
        [...positions].sort((a, b) => a - b),
        positions,
        "sections out of order",
      );
    });

    it("says what the rule reports and cites its checklist item before the examples", () => {
      const intro = doc.slice(doc.indexOf(HEADER_END) + HEADER_END.length, doc.indexOf("\n## Examples\n"));
      assert.ok(intro.trim().length > 100, "the introduction is too short");
      const checklist = rule.meta.docs?.checklist ?? "(no checklist item in meta.docs)";
      assert.ok(intro.replace(/\s+/g, " ").includes(`**"${checklist}"**`), `cite **"${checklist}"**`);
    });

    it("has a ### heading with Type and Default for each option, and none for others", () => {
      const options = section(doc, "## Options");
      const headings = [...options.matchAll(/^### (.+)$/gm)].map((match) => match[1]);
      assert.deepEqual(headings.sort(), optionNames(name).sort());
      for (const part of options.split(/^### /m).slice(1)) {
        assert.match(part, /Type: `[^`]+`/, `option ${part.split("\n")[0]} has no Type`);
        assert.match(part, /Default: `[^`]+`/, `option ${part.split("\n")[0]} has no Default`);
      }
    });

    it("has examples the rule reports (// ❌) and accepts (// ✅)", () => {
      const { bad, good, unmarked } = examples(doc);
      assert.ok(bad.length > 0 && good.length > 0, "needs ❌ and ✅ examples");
      assert.deepEqual(unmarked, [], "each example starts with // ❌ or // ✅");
      for (const block of bad) {
        const messages = lintExample(name, block);
        assert.ok(!messages.some((message) => message.fatal), `does not parse:\n${block}`);
        assert.ok(messages.length > 0, `not reported:\n${block}`);
      }
      for (const block of good) {
        assert.deepEqual(lintExample(name, block), [], `reported:\n${block}`);
      }
    });
  });
}

describe("the plugin", () => {
  it("lists every rule file in src/rules/index.ts (npm run create-rule)", () => {
    const names = ruleNames(readdirSync(new URL("src/rules/", root)));
    assert.equal(read("src/rules/index.ts"), rulesIndex(names));
    assert.deepEqual(Object.keys(rules).sort(), names.sort());
  });

  it("sets every rule in configs.recommended, at the level its metadata names", () => {
    const recommended = plugin.configs.recommended;
    assert.equal(recommended.plugins?.sightline, plugin);
    const expected = Object.fromEntries(
      Object.entries(rules).map(([name, rule]) => [`sightline/${name}`, rule.meta.docs?.recommended]),
    );
    assert.deepEqual(recommended.rules, expected);
    for (const level of Object.values(expected)) assert.ok(level === "error" || level === "warn");
  });

  it("has the name and version of package.json", () => {
    const pkg = JSON.parse(read("package.json")) as { name: string; version: string };
    assert.equal(plugin.meta.name, pkg.name);
    assert.equal(plugin.meta.version, pkg.version);
  });

  it("has a current rules table in README.md (npm run update-docs)", () => {
    const readme = read("README.md");
    const table = readme.slice(readme.indexOf(TABLE_START), readme.indexOf(TABLE_END) + TABLE_END.length);
    assert.equal(table, rulesTable(rules));
  });

  it("runs the recommended config with the typescript-eslint parser", () => {
    const linter = new Linter({ configType: "flat" });
    const messages = linter.verify(
      'const log = getLogger("x");\nlog.info(`started ${id}`);\nconsole.log("x");',
      [
        { files: ["**/*.ts"], languageOptions: { parser: parser as Linter.Parser } },
        plugin.configs.recommended as never,
      ],
      { filename: "server.ts" },
    );
    assert.deepEqual(
      messages.map((message) => `${message.ruleId}:${message.severity}`),
      ["sightline/structured-event:2", "sightline/no-console:1"],
    );
  });
});
