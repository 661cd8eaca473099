// Error text for health output. Readiness answers are often reachable by load balancers and
// dashboards, and driver errors carry hosts, users and passwords: a check's error is reduced to
// its type and message, every URL in it is replaced, the rest goes through the redaction policy,
// and the result is cut short.

import { redact } from "../redact/index.ts";

const MAX_ERROR_CHARS = 200;

function isSchemeChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) ||
    (code >= 65 && code <= 90) ||
    (code >= 48 && code <= 57) ||
    code === 43 ||
    code === 45 ||
    code === 46
  );
}

function isSpace(code: number): boolean {
  return code === 32 || code === 9 || code === 10 || code === 13;
}

/** Replaces every `scheme://…` up to the next space by `scheme://[REDACTED]` (linear scan). */
export function hideUrls(text: string): string {
  let out = "";
  let from = 0;
  let at = text.indexOf("://");
  while (at !== -1) {
    let start = at;
    while (start > from && isSchemeChar(text.charCodeAt(start - 1))) start--;
    let end = at + 3;
    while (end < text.length && !isSpace(text.charCodeAt(end))) end++;
    if (start < at) {
      out += `${text.slice(from, start)}${text.slice(start, at)}://[REDACTED]`;
      from = end;
    }
    at = text.indexOf("://", end);
  }
  return out + text.slice(from);
}

/** `TypeError: connect ECONNREFUSED 127.0.0.1:5432`, without URLs or secrets, at most 200 characters. */
export function summariseError(error: unknown): string {
  let text: string;
  try {
    text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    // a value whose name, message or toString throws: the check still reports a failure
    text = "unknown error";
  }
  // cut first so the scans below stay cheap whatever the message holds
  text = hideUrls(text.slice(0, MAX_ERROR_CHARS * 4));
  text = redact(text);
  return text.length > MAX_ERROR_CHARS ? `${text.slice(0, MAX_ERROR_CHARS - 1)}…` : text;
}
