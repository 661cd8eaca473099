// Decides whether a key names a secret. The verdict is cached per key name, which is what makes
// deep redaction nearly free on the hot path: real payloads repeat the same few hundred keys.

const MAX_CACHED_KEYS = 10_000;
// Keys longer than this are judged on their first words only, so a hostile key stays cheap.
const MAX_WORDS = 24;

/** Splits `apiKey`, `API_KEY`, `x-api-key`, `APIKey` into lower-case words. */
export function keyWords(key: string): string[] {
  const words: string[] = [];
  let word = "";
  let prev = 0; // 0 other, 1 lower/digit, 2 upper
  for (let i = 0; i < key.length && words.length < MAX_WORDS; i++) {
    const ch = key.charCodeAt(i);
    const upper = ch >= 65 && ch <= 90;
    const lower = (ch >= 97 && ch <= 122) || (ch >= 48 && ch <= 57);
    if (!upper && !lower) {
      if (word !== "") words.push(word);
      word = "";
      prev = 0;
      continue;
    }
    if (upper) {
      // a boundary before an upper-case letter that follows a lower one (apiKey), or before the
      // last capital of an acronym that starts a word (APIKey → API, Key)
      const next = key.charCodeAt(i + 1);
      const nextLower = next >= 97 && next <= 122;
      if (word !== "" && (prev === 1 || (prev === 2 && nextLower))) {
        words.push(word);
        word = "";
      }
      word += String.fromCharCode(ch + 32);
      prev = 2;
    } else {
      word += key[i];
      prev = 1;
    }
  }
  if (word !== "" && words.length < MAX_WORDS) words.push(word);
  return words;
}

/** Lower-case with every separator removed: the form sensitive names and allow-list entries take. */
export function compactKey(key: string): string {
  return keyWords(key).join("");
}

/**
 * Returns a cached predicate: true when some run of consecutive words of the key, joined,
 * equals a sensitive name (`db_password`, `X-Api-Key`, `sessionId`), or its plural.
 */
export function createKeyMatcher(sensitive: Iterable<string>, allowed: Iterable<string>): (key: string) => boolean {
  const names = new Set<string>();
  for (const name of sensitive) names.add(compactKey(name));
  const allow = new Set<string>();
  for (const name of allowed) allow.add(compactKey(name));
  const cache = new Map<string, boolean>();

  function judge(key: string): boolean {
    const words = keyWords(key);
    if (allow.has(words.join(""))) return false;
    for (let start = 0; start < words.length; start++) {
      let run = "";
      for (let end = start; end < words.length; end++) {
        run += words[end];
        if (names.has(run) || (run.endsWith("s") && names.has(run.slice(0, -1)))) return true;
      }
    }
    return false;
  }

  return function isSensitiveKey(key: string): boolean {
    let verdict = cache.get(key);
    if (verdict === undefined) {
      verdict = judge(key);
      if (cache.size >= MAX_CACHED_KEYS) cache.clear();
      cache.set(key, verdict);
    }
    return verdict;
  };
}
