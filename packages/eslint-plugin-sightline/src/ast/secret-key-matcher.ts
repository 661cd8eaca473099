// Reads a key the way Sightline's redaction does: a key is secret when a run of its consecutive
// words, joined, is a sensitive name or its plural (`db_password`, `apiKey`, `X-Api-Key`,
// `sessionIds`). The allow list holds whole keys, compared without case or separators.

import { DEFAULT_SENSITIVE_KEYS } from "sightline";
import { keyWords } from "./key-words.ts";

/** The names Sightline redacts by default: the library's own list, so the two never drift. */
export const DEFAULT_SECRET_KEYS: readonly string[] = DEFAULT_SENSITIVE_KEYS;

/** Returns the sensitive name a key matches (as written in `keys`), or undefined. */
export function secretKeyMatcher(
  keys: readonly string[],
  allow: readonly string[],
): (key: string) => string | undefined {
  const names = new Map<string, string>();
  for (const key of keys) names.set(keyWords(key).join(""), key);
  const allowed = new Set(allow.map((key) => keyWords(key).join("")));
  return function matchSecretKey(key: string): string | undefined {
    const words = keyWords(key);
    if (allowed.has(words.join(""))) return undefined;
    for (let start = 0; start < words.length; start++) {
      let run = "";
      for (let end = start; end < words.length; end++) {
        run += words[end];
        const name = names.get(run) ?? (run.endsWith("s") ? names.get(run.slice(0, -1)) : undefined);
        if (name !== undefined) return name;
      }
    }
    return undefined;
  };
}
