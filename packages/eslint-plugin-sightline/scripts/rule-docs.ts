// Renders the parts of the docs that come from the rules' metadata: each rule page's header and
// the README's rule table. `npm run update-docs` writes them; test/docs.test.ts fails when a
// page or the README differs from what this renders.

export interface RuleForDocs {
  meta: {
    docs?: { description: string; recommended?: "error" | "warn" };
    fixable?: "code" | "whitespace";
    hasSuggestions?: boolean;
  };
}

export const HEADER_START = "<!-- begin auto-generated rule header -->";
export const HEADER_END = "<!-- end auto-generated rule header -->";
export const TABLE_START = "<!-- begin auto-generated rules table -->";
export const TABLE_END = "<!-- end auto-generated rules table -->";

/** The generated header of `docs/rules/<name>.md`, markers included. */
export function ruleHeader(name: string, rule: RuleForDocs): string {
  const docs = rule.meta.docs;
  const lines = [`# sightline/${name}`, "", HEADER_START, "", `📝 ${docs?.description ?? ""}.`, ""];
  const level = docs?.recommended;
  lines.push(
    level === undefined
      ? "Not in the `recommended` config."
      : `💼 In the \`recommended\` config as ${level === "error" ? "an error" : "a warning"}.`,
  );
  const fixes: string[] = [];
  if (rule.meta.fixable !== undefined) fixes.push("🔧 Some problems are fixable with `--fix`.");
  if (rule.meta.hasSuggestions === true) fixes.push("💡 Some problems have editor suggestions.");
  if (fixes.length > 0) lines.push("", fixes.join(" "));
  lines.push("", HEADER_END);
  return lines.join("\n");
}

/** The README's table of rules, markers included. */
export function rulesTable(rules: Readonly<Record<string, RuleForDocs>>): string {
  const rows = Object.entries(rules).map(([name, rule]) => {
    const docs = rule.meta.docs;
    const level = docs?.recommended === "error" ? "error" : docs?.recommended === "warn" ? "warn" : "";
    const marks = `${rule.meta.fixable === undefined ? "" : "🔧"}${rule.meta.hasSuggestions === true ? "💡" : ""}`;
    return `| [${name}](docs/rules/${name}.md) | ${docs?.description ?? ""} | ${level} | ${marks} |`;
  });
  return [
    TABLE_START,
    "",
    "| Rule | Description | Recommended | 🔧💡 |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    TABLE_END,
  ].join("\n");
}

/** Replaces the text between `start` and `end` (markers included) with `replacement`. */
export function replaceBetween(text: string, start: string, end: string, replacement: string): string {
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from === -1 || to === -1 || to < from) throw new Error(`markers ${start} … ${end} not found`);
  return text.slice(0, from) + replacement.slice(replacement.indexOf(start)) + text.slice(to + end.length);
}
