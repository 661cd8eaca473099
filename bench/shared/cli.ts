// Command-line helpers shared by the suites: failing with a reason, and parsing option values.

export function fail(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(1);
}

export function positiveInteger(text: string | undefined, name: string, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) fail(`${name} takes a positive integer, got ${JSON.stringify(text)}`);
  return value;
}

/** The items of a comma-separated list, each one of `known`, in `known`'s order; all when absent. */
export function parseList<T extends string>(text: string | undefined, known: readonly T[], name: string): T[] {
  if (text === undefined) return [...known];
  const picked = text.split(",").map((item) => item.trim());
  const unknown = picked.filter((item) => !known.includes(item as T));
  if (unknown.length > 0) fail(`${name}: unknown ${unknown.join(", ")} (known: ${known.join(", ")})`);
  return known.filter((item) => picked.includes(item));
}
