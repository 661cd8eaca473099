// The default redaction policy. README "Redaction" lists these keys: change both together.

/** Key names whose values are always replaced; matched ignoring case, `_`, `-` and camelCase. */
export const DEFAULT_SENSITIVE_KEYS: readonly string[] = [
  // the source document's list
  "password",
  "token",
  "api_key",
  "secret",
  "authorization",
  // and the usual others
  "cookie",
  "set_cookie",
  "session",
  "credential",
  "private_key",
  "client_secret",
  "access_key",
  "jwt",
  "bearer",
  "passwd",
  "pwd",
];

export const DEFAULT_REPLACEMENT = "[REDACTED]";
