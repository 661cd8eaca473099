// Compiles the name patterns of `settings.sightline` (`log`, `*Logger`) into one regular expression.

/** `*` matches any run of characters (also none); everything else matches itself, case-sensitively. */
export function namePattern(patterns: readonly string[]): RegExp {
  if (patterns.length === 0) return /(?!)/;
  const alternatives = patterns.map((pattern) =>
    pattern
      .split("*")
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
      .join(".*"),
  );
  return new RegExp(`^(?:${alternatives.join("|")})$`);
}
