// What other folders need of error tracking (the HTTP core, the database instrumentation): a
// scope per request, whether tracking is on, and the capture of a handler's error, all no-ops
// until initErrors() runs.

import { captureException } from "./capture.ts";
import type { EventRequest } from "./event.ts";
import { currentScope, errorsActive } from "./internal/scope-store.ts";

export { errorsActive, requestScope } from "./internal/scope-store.ts";

/** Captures a failed request's error, with the route the router matched by then. */
export function captureFromRequest(error: unknown, route: string | undefined): void {
  if (!errorsActive()) return; // request_failed is already logged
  const request = currentScope().request as EventRequest | undefined;
  if (request !== undefined && route !== undefined) request.route = route;
  captureException(error, { tags: route === undefined ? {} : { route } });
}

/** Request headers an error event may show: none that carry credentials or personal data. */
const EVENT_HEADERS = [
  "host",
  "user-agent",
  "accept",
  "accept-language",
  "content-type",
  "content-length",
  "x-request-id",
];

/** The allow-listed request headers, for the event's `request.headers`. */
export function eventHeaders(headers: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of EVENT_HEADERS) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}
