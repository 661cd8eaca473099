// What the HTTP core (src/http/core.ts) needs of error tracking: a scope per request and the
// capture of a handler's error, both no-ops until initErrors() runs.

import { captureException } from "../capture.ts";
import { currentScope, errorsActive } from "./scope-store.ts";

export { withRequestScope } from "./scope-store.ts";

/** Captures a failed request's error, with the route the router matched by then. */
export function captureFromRequest(error: unknown, route: string | undefined): void {
  if (!errorsActive()) return; // request_failed is already logged
  const request = currentScope().request;
  if (request !== undefined && route !== undefined) request.route = route;
  captureException(error, { tags: route === undefined ? {} : { route } });
}
