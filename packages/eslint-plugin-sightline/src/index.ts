// eslint-plugin-sightline: the observability checklist, enforced. Flat config first:
//   import sightline from "eslint-plugin-sightline";
//   export default [sightline.configs.recommended];

import type { TSESLint } from "@typescript-eslint/utils";
import { rules } from "./rules/index.ts";

const meta = { name: "eslint-plugin-sightline", version: "0.1.0", namespace: "sightline" };

type RuleLevels = Record<string, TSESLint.SharedConfig.RuleLevel>;

function recommendedRules(): RuleLevels {
  const levels: RuleLevels = {};
  for (const [name, rule] of Object.entries(rules)) {
    const level = rule.meta.docs?.recommended;
    if (level !== undefined) levels[`sightline/${name}`] = level;
  }
  return levels;
}

const plugin = {
  meta,
  rules,
  configs: {} as { recommended: TSESLint.FlatConfig.Config },
};

plugin.configs.recommended = {
  name: "sightline/recommended",
  plugins: { sightline: plugin as unknown as TSESLint.FlatConfig.Plugin },
  rules: recommendedRules(),
};

export default plugin;
