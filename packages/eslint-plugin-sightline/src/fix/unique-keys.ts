/** Makes field names distinct: a repeated name gets `_2`, `_3`, ... (and avoids `taken`). */
export function uniqueKeys(keys: readonly string[], taken: Iterable<string> = []): string[] {
  const used = new Set(taken);
  return keys.map((key) => {
    let candidate = key;
    for (let n = 2; used.has(candidate); n++) candidate = `${key}_${n}`;
    used.add(candidate);
    return candidate;
  });
}
