// The `## Examples` of a rule page and the linter that runs them: test/docs.test.ts checks that
// the rule reports each ❌ block and accepts each ✅ block, and scripts/rule-snapshots.ts renders
// what it reports into test/snapshots/.

import parser from "@typescript-eslint/parser";
import { Linter } from "eslint";
import plugin from "../src/index.ts";

export interface Examples {
  bad: string[];
  good: string[];
  /** Blocks that start with neither `// ❌` nor `// ✅`. */
  unmarked: string[];
}

/** The text of a `## ` section, up to the next `## ` heading; "" when the page has none. */
export function section(doc: string, heading: string): string {
  const start = doc.indexOf(`\n${heading}\n`);
  if (start === -1) return "";
  const next = doc.indexOf("\n## ", start + heading.length + 1);
  return doc.slice(start, next === -1 ? undefined : next);
}

export function examples(doc: string): Examples {
  const blocks = [...section(doc, "## Examples").matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]!);
  return {
    bad: blocks.filter((block) => block.startsWith("// ❌")),
    good: blocks.filter((block) => block.startsWith("// ✅")),
    unmarked: blocks.filter((block) => !block.startsWith("// ❌") && !block.startsWith("// ✅")),
  };
}

function config(rule: string): Linter.Config[] {
  return [
    {
      files: ["**/*.ts"],
      languageOptions: { parser: parser as Linter.Parser },
      plugins: { sightline: plugin as never },
      rules: { [`sightline/${rule}`]: "error" },
    },
  ];
}

/** What `sightline/<rule>`, alone, reports on `code`. */
export function lintExample(rule: string, code: string): Linter.LintMessage[] {
  return new Linter({ configType: "flat" }).verify(code, config(rule), { filename: "example.ts" });
}

/** `code` after `eslint --fix` with `sightline/<rule>` alone. */
export function fixExample(rule: string, code: string): string {
  return new Linter({ configType: "flat" }).verifyAndFix(code, config(rule), { filename: "example.ts" }).output;
}
