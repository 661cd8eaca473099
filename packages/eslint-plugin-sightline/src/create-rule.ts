import { ESLintUtils } from "@typescript-eslint/utils";

/** Extra `meta.docs` every rule of this plugin carries. */
export interface SightlineRuleDocs {
  /** The checklist item of the source document the rule enforces. */
  checklist: string;
  /** The severity in `configs.recommended`; absent when the rule is not in it. */
  recommended?: "error" | "warn";
}

// The docs live beside the code; the URL points at the repository copy of each rule's page.
export const DOCS_BASE_URL =
  "https://github.com/sightline/sightline/blob/main/packages/eslint-plugin-sightline/docs/rules/";

export const createRule = ESLintUtils.RuleCreator<SightlineRuleDocs>((name) => `${DOCS_BASE_URL}${name}.md`);
