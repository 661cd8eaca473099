/** `{ user_id: userId, count }` from field names and the source text of their values. */
export function fieldsObject(fields: readonly { key: string; value: string }[]): string {
  if (fields.length === 0) return "{}";
  const parts = fields.map(({ key, value }) => (key === value ? key : `${key}: ${value}`));
  return `{ ${parts.join(", ")} }`;
}
