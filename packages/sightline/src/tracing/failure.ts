// How a failure shows on a span, as the current semantic conventions record errors: status
// Error and an `error.type` attribute; no exception event (the log line has the stack).

import { SpanStatusCode, type Span } from "@opentelemetry/api";
import { redact } from "../redact/index.ts";

const MAX_MESSAGE = 1024;

/**
 * `error.type`: the error's class name (`TypeError`, `ValidationError`); a plain `Error` with a
 * string `code` gives its code (`ECONNREFUSED`); anything else `_OTHER`.
 */
export function errorType(error: unknown): string {
  if (!(error instanceof Error)) return "_OTHER";
  const name = (error.constructor as { name?: unknown } | undefined)?.name;
  const code = (error as { code?: unknown }).code;
  if (name === "Error" && typeof code === "string" && code !== "") return code;
  if (typeof name === "string" && name !== "" && name !== "Object") return name;
  return typeof error.name === "string" && error.name !== "" ? error.name : "_OTHER";
}

/** The status description: the error's message, redacted with the configured policy. */
function description(error: unknown): string | undefined {
  if (!(error instanceof Error) || typeof error.message !== "string" || error.message === "") return undefined;
  const message = redact(error.message);
  return message.length > MAX_MESSAGE ? `${message.slice(0, MAX_MESSAGE)}…` : message;
}

/** Marks `span` failed with `error`. */
export function markFailed(span: Span, error: unknown): void {
  span.setAttribute("error.type", errorType(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: description(error) });
}
