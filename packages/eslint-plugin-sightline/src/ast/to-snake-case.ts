import { keyWords } from "../redact/key-matcher.ts";

/**
 * `"User created!"` → `"user_created"`, `"saveAnswer"` → `"save_answer"`. Keeps at most
 * `maxWords` words, so a whole sentence becomes a short name; empty when there are no words.
 */
export function toSnakeCase(text: string, maxWords = 6): string {
  const words = keyWords(text).slice(0, maxWords);
  if (words.length > 0 && /^[0-9]/.test(words[0]!)) words.unshift("n");
  return words.join("_");
}
