/**
 * Splits a name into lower-case words the way Sightline's redaction reads keys: at anything that
 * is not a letter or digit, between a lower-case letter and an upper-case one (`apiKey`), and
 * before the last capital of a leading acronym (`APIKey` → `api`, `key`).
 */
export function keyWords(name: string): string[] {
  const words: string[] = [];
  let word = "";
  let previous: "other" | "lower" | "upper" = "other";
  for (let i = 0; i < name.length; i++) {
    const char = name[i]!;
    const isUpper = char >= "A" && char <= "Z";
    const isLower = (char >= "a" && char <= "z") || (char >= "0" && char <= "9");
    if (!isUpper && !isLower) {
      if (word !== "") words.push(word);
      word = "";
      previous = "other";
      continue;
    }
    if (isUpper) {
      const next = name[i + 1] ?? "";
      const nextIsLower = next >= "a" && next <= "z";
      if (word !== "" && (previous === "lower" || (previous === "upper" && nextIsLower))) {
        words.push(word);
        word = "";
      }
      word += char.toLowerCase();
      previous = "upper";
    } else {
      word += char;
      previous = "lower";
    }
  }
  if (word !== "") words.push(word);
  return words;
}
