// sightline/express: Express 5 (and 4) middleware over the HTTP core. Express itself is never
// imported: the middleware only reads the request and response it is handed.

import type { IncomingMessage, ServerResponse } from "node:http";
import { contentLength, HttpCore, type RequestHandle, type SightlineHttpOptions } from "../core.ts";

/** The parts of Express's request this adapter reads. */
interface ExpressRequest extends IncomingMessage {
  originalUrl?: string;
  baseUrl?: string;
  route?: unknown;
}

type NextFunction = (error?: unknown) => void;

// What the adapter keeps on each request: the request in flight (for sightlineErrors() and the
// route trap) and `req.route`'s value. Properties of the request, not WeakMaps keyed by it: the
// WeakMaps made V8 keep requests past young-generation GCs, which grew to ~7 ms (bench/http).
const kTracked = Symbol("sightline.request");
const kRoute = Symbol("sightline.route");

interface Tracked {
  [kTracked]?: { core: HttpCore; handle: RequestHandle };
  [kRoute]?: unknown;
}

const trapped = new WeakSet<object>();

/**
 * Express sets `req.route` when a route matches, just before its handlers run. An accessor on
 * the request's prototype (once per app) sees that moment; defining one on every request cost
 * 2.7 µs a request (bench/http).
 */
function trapRoute(req: ExpressRequest): void {
  const proto = Object.getPrototypeOf(req) as object | null;
  if (proto === null || trapped.has(proto)) return;
  trapped.add(proto);
  Object.defineProperty(proto, "route", {
    configurable: true,
    enumerable: false,
    get(this: ExpressRequest & Tracked) {
      return this[kRoute];
    },
    set(this: ExpressRequest & Tracked, value: unknown) {
      this[kRoute] = value;
      const request = this[kTracked];
      const path = (value as { path?: unknown } | undefined)?.path;
      if (request !== undefined && path !== undefined) {
        request.core.setRoute(request.handle, (this.baseUrl ?? "") + String(path));
      }
    },
  });
}

/**
 * Express middleware: request id, context, route template, metrics, access line, and
 * `/metrics` (and the health probes when `health` is given) on the same app. Register it
 * first; add {@link sightlineErrors} after your routes so thrown and rejected errors are
 * logged with the request's context.
 *
 * @example
 * const app = express();
 * app.use(sightline());
 * app.get("/assessments/:id", (req, res) => { res.json({ id: req.params.id }); });
 * app.use(sightlineErrors());
 * app.listen(8080);
 * @see docs/http.md
 * @since 0.1.0
 */
export function sightline(options: SightlineHttpOptions = {}) {
  const core = new HttpCore(options);
  return function sightlineRequest(req: ExpressRequest & Tracked, res: ServerResponse, next: NextFunction): void {
    if (req[kTracked] !== undefined) return next(); // mounted twice (a sub-app): the outer one tracks it
    const url = req.originalUrl ?? req.url;
    const endpoint = core.endpoint(req.method, url);
    if (endpoint !== undefined) {
      void endpoint(req, res);
      return;
    }
    const handle = core.begin(req.method, url, req.headers);
    req[kTracked] = { core, handle };
    res.setHeader(core.requestIdHeader, handle.requestId);
    trapRoute(req);
    res.once("close", () => core.end(handle, res.statusCode, contentLength(res)));
    core.run(handle, () => next());
  };
}

/**
 * Express error middleware that logs a route's thrown or rejected error as `request_failed`
 * (and calls `onError`), then passes it on, so Express's own error response is unchanged.
 * Register it after your routes, with the `sightline()` middleware registered first.
 *
 * @example
 * app.use(sightlineErrors());
 * @see docs/http.md
 * @since 0.1.0
 */
export function sightlineErrors() {
  return function sightlineError(
    error: unknown,
    req: IncomingMessage & Tracked,
    _res: ServerResponse,
    next: NextFunction,
  ): void {
    const request = req[kTracked];
    if (request !== undefined) request.core.fail(request.handle, error);
    next(error);
  };
}

export type { SightlineHttpOptions, RequestHandle } from "../core.ts";
