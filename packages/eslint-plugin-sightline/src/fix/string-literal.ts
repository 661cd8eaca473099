/** Source text of a string literal holding `value`, in the quote style of `like` (a literal's raw text). */
export function stringLiteral(value: string, like = '"'): string {
  if (like.startsWith("'")) {
    return `'${JSON.stringify(value).slice(1, -1).replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
  }
  return JSON.stringify(value);
}
