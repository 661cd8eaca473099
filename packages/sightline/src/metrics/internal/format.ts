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

/**
 * The same text as one flat string. V8 keeps concatenations as trees until something reads
 * them; a series' cached sample prefix read once stays flat, and a 10k-series body then encodes
 * in ~0.6–0.8 ms instead of ~1.05 ms (bench/metrics, expose case; locally).
 */
export function flat(text: string): string {
  // Number() reads, hence flattens, the string in place; its result is discarded
  void Number(text);
  return text;
}
