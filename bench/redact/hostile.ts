// Hostile strings (10 MB by default) for the redaction detectors: each repeats what one detector looks for
// (or all of them), so that a detector that rescans from every match would go quadratic. Real
// secrets sit at both ends, so a run also shows that the whole string was scanned.

/** 10 MB of one-byte characters; the suite also runs redact() on a tenth of it, to show the growth. */
export const HOSTILE_LENGTH = 10_000_000;

/** Secret values embedded at both ends: none may survive redaction. */
export const SECRETS = {
  bearer: "s3cr3tB34r3rT0k3nValue9f8e7d6c",
  password: "hunter2-url-password",
  query: "tok_live_4f9a8b7c6d5e4f3a2b1c",
  jwt: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJlLXZhbHVl",
} as const;

const SECRET_TEXT =
  ` Authorization: Bearer ${SECRETS.bearer} https://ada:${SECRETS.password}@db.example/` +
  `?token=${SECRETS.query} ${SECRETS.jwt} `;

export const VARIANT_IDS = ["bearer", "query", "query-keys", "jwt", "url", "pem", "mixed"] as const;
export type VariantId = (typeof VARIANT_IDS)[number];

export const VARIANTS: Readonly<Record<VariantId, { readonly title: string; readonly unit: (i: number) => string }>> = {
  bearer: { title: '"Bearer " repeated', unit: () => "Bearer " },
  query: { title: '"?a=" repeated', unit: () => "?a=" },
  "query-keys": {
    title: '"?" then "token=x&password=y&k<i>=z&" (secret and distinct keys)',
    unit: (i) => (i === 0 ? "?" : `token=x&password=y&k${i}=z&`),
  },
  jwt: { title: '"eyJx." fragments', unit: () => "eyJx." },
  url: { title: '"://a:" repeated', unit: () => "://a:" },
  pem: { title: '"-----BEGIN " repeated', unit: () => "-----BEGIN " },
  mixed: { title: '"Bearer ?a=eyJx.://a:-----BEGIN " repeated', unit: () => "Bearer ?a=eyJx.://a:-----BEGIN " },
};

/** The secrets, the variant's filler, the secrets again: `length` characters in all. */
export function hostileString(id: VariantId, length: number): string {
  const fillerLength = length - 2 * SECRET_TEXT.length;
  const units: string[] = [];
  for (let i = 0, length = 0; length < fillerLength; i++) {
    const unit = VARIANTS[id].unit(i);
    units.push(unit);
    length += unit.length;
  }
  const text = SECRET_TEXT + units.join("").slice(0, fillerLength) + SECRET_TEXT;
  // a flat string, as a request body or a parsed JSON value is (the concatenation is a rope,
  // which the first call would otherwise pay to flatten)
  return Buffer.from(text, "latin1").toString("latin1");
}

/** The secrets (of SECRETS) that `text` still contains. */
export function leakedSecrets(text: string): string[] {
  return Object.values(SECRETS).filter((secret) => text.includes(secret));
}
