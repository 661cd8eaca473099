// npm run create-rule -- <rule-name>: writes a rule, its test and its doc page from the
// templates below, regenerates src/rules/index.ts, then the doc header (npm run update-docs).

import { existsSync, readdirSync, writeFileSync } from "node:fs";
import { rulesIndex, ruleNames } from "./rules-index.ts";

const name = process.argv[2] ?? "";
if (!/^[a-z]+(-[a-z]+)*$/.test(name)) {
  console.error("usage: npm run create-rule -- <rule-name> (kebab-case)");
  process.exit(1);
}

const root = new URL("../", import.meta.url);
const rulesDir = new URL("src/rules/", root);
const ruleFile = new URL(`${name}.ts`, rulesDir);
if (existsSync(ruleFile)) {
  console.error(`src/rules/${name}.ts exists already`);
  process.exit(1);
}

const rule = `// ${name}: <what it enforces> (checklist: "<item>").

import { createRule } from "../create-rule.ts";

export type Options = [
  {
    /** <what the option does> */
    example?: boolean;
  },
];

export type MessageId = "problem";

export default createRule<Options, MessageId>({
  name: "${name}",
  meta: {
    type: "problem",
    docs: {
      description: "<Require|Disallow ...>",
      checklist: "<the checklist item>",
      recommended: "error",
    },
    schema: [
      {
        type: "object",
        properties: { example: { type: "boolean", description: "<what the option does>" } },
        additionalProperties: false,
      },
    ],
    defaultOptions: [{ example: false }],
    messages: { problem: "<message>" },
  },
  create(context, [options]) {
    void options;
    return {
      CallExpression(node) {
        void node;
        void context;
      },
    };
  },
});
`;

const test = `import { runRule } from "../../test/rule-tester.ts";
import rule from "./${name}.ts";

runRule("${name}", rule, {
  valid: ["<code>"],
  invalid: [{ code: "<code>", errors: [{ messageId: "problem" }] }],
});
`;

const doc = `# sightline/${name}

<!-- begin auto-generated rule header -->
<!-- end auto-generated rule header -->

<What the rule reports, and why: cite the checklist item it enforces in bold quotes.>

## Examples

\`\`\`ts
// ❌
\`\`\`

\`\`\`ts
// ✅
\`\`\`

## Options

### example

Type: \`boolean\`. Default: \`false\`.

<What it does.>

## When Not To Use It

<When the rule does not fit.>
`;

writeFileSync(ruleFile, rule);
writeFileSync(new URL(`${name}.test.ts`, rulesDir), test);
writeFileSync(new URL(`docs/rules/${name}.md`, root), doc);
writeFileSync(new URL("index.ts", rulesDir), rulesIndex(ruleNames(readdirSync(rulesDir))));
console.log(
  `created src/rules/${name}.ts, its test and docs/rules/${name}.md; now run npm run update-docs, and npm run update-snapshots once the examples are written`,
);
