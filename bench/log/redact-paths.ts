// The redaction given to contenders without a built-in one that fits (winston; LogTape, whose
// @logtape/redaction is not installed): the same fixed paths as pino's `redact` (SECRET_PATHS in
// scenarios.ts).

export const CENSOR = "[Redacted]";

/**
 * Censors `password`, `token` and `headers.authorization` (SECRET_PATHS) in `target`, which the
 * caller owns; the nested `headers` object is replaced by a censored copy, never changed.
 */
export function censorSecretPaths<T extends Record<string, unknown>>(target: T): T {
  const record = target as Record<string, unknown>;
  if ("password" in record) record.password = CENSOR;
  if ("token" in record) record.token = CENSOR;
  const headers = record.headers;
  if (headers !== null && typeof headers === "object" && "authorization" in headers) {
    record.headers = { ...headers, authorization: CENSOR };
  }
  return target;
}
