// npm run update-snapshots: rewrites test/snapshots/<rule>.md from each rule page's ❌ examples
// (scripts/rule-snapshots.ts). Review the diff: it is what the rules now say to users.

import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { rules } from "../src/rules/index.ts";
import { ruleSnapshot } from "./rule-snapshots.ts";

const root = new URL("../", import.meta.url);
mkdirSync(new URL("test/snapshots/", root), { recursive: true });

for (const name of Object.keys(rules)) {
  const doc = readFileSync(new URL(`docs/rules/${name}.md`, root), "utf8");
  writeFileSync(new URL(`test/snapshots/${name}.md`, root), ruleSnapshot(name, doc));
}
