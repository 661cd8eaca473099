// npm run update-docs: rewrites the generated parts of docs/rules/*.md and README.md from the
// rules' metadata (scripts/rule-docs.ts).

import { readFileSync, writeFileSync } from "node:fs";
import { rules } from "../src/rules/index.ts";
import { HEADER_END, replaceBetween, ruleHeader, rulesTable, TABLE_END, TABLE_START } from "./rule-docs.ts";

const root = new URL("../", import.meta.url);

for (const [name, rule] of Object.entries(rules)) {
  const file = new URL(`docs/rules/${name}.md`, root);
  const text = readFileSync(file, "utf8");
  const end = text.indexOf(HEADER_END);
  if (end === -1) throw new Error(`${name}.md has no generated header`);
  writeFileSync(file, ruleHeader(name, rule) + text.slice(end + HEADER_END.length));
}

const readme = new URL("README.md", root);
writeFileSync(readme, replaceBetween(readFileSync(readme, "utf8"), TABLE_START, TABLE_END, rulesTable(rules)));
