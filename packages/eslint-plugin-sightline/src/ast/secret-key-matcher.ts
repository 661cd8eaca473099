// Reads a key the way Sightline's redaction does, with the library's own matcher (copied into
// src/redact/): a key is secret when a run of its consecutive words, joined, is a sensitive name
// or its plural (`db_password`, `apiKey`, `X-Api-Key`, `sessionIds`). The allow list holds whole
// keys, compared without case or separators.

import { compactKey, createKeyMatcher } from "../redact/key-matcher.ts";

/**
 * Returns the sensitive name a key matches (as written in `keys`), or undefined. When several
 * match, the longest names it (`clientSecret` matches `client_secret`, not `secret`).
 */
export function secretKeyMatcher(
  keys: readonly string[],
  allow: readonly string[],
): (key: string) => string | undefined {
  const isSecret = createKeyMatcher(keys, allow);
  const longestFirst = [...keys].sort((a, b) => compactKey(b).length - compactKey(a).length);
  const single = longestFirst.map((name) => ({ name, matches: createKeyMatcher([name], []) }));
  return function matchSecretKey(key: string): string | undefined {
    // the library's cached verdict first: only the few secret keys pay for finding the name
    if (!isSecret(key)) return undefined;
    return single.find(({ matches }) => matches(key))?.name;
  };
}
