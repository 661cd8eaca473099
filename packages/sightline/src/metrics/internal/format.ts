// Text pieces of the exposition formats: escaping and number rendering.

/** A label value escaped for both text formats: backslash, double quote and newline. */
export function escapeLabelValue(value: string): string {
  let out = "";
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code !== 92 && code !== 34 && code !== 10) continue;
    out += value.slice(from, i) + (code === 92 ? "\\\\" : code === 34 ? '\\"' : "\\n");
    from = i + 1;
  }
  return from === 0 ? value : out + value.slice(from);
}

/** HELP text: backslash and newline escaped (and double quote for OpenMetrics). */
export function escapeHelp(help: string, openMetrics: boolean): string {
  let out = help.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
  if (openMetrics) out = out.replaceAll('"', '\\"');
  return out;
}

export function formatNumber(value: number): string {
  if (Number.isFinite(value)) return String(value);
  if (Number.isNaN(value)) return "NaN";
  return value > 0 ? "+Inf" : "-Inf";
}

/** `a="x",b="y"` for label names and (string) values, without braces. */
export function labelText(names: readonly string[], values: readonly string[]): string {
  let out = "";
  for (let i = 0; i < names.length; i++) {
    out += `${i === 0 ? "" : ","}${names[i]}="${escapeLabelValue(values[i] as string)}"`;
  }
  return out;
}
