// sightline/express: Express 5 (and 4) middleware over the HTTP core. Express itself is never
// imported: the middleware only reads the request and response it is handed.

import { IncomingMessage, type ServerResponse } from "node:http";
import { checkOptions, is } from "../../internal/options.ts";
import { answerError } from "../core.ts";
import { contentLength, HttpCore, type RequestHandle, type SightlineHttpOptions } from "../core.ts";

/** The parts of Express's request this adapter reads. */
interface ExpressRequest extends IncomingMessage {
  originalUrl?: string;
  baseUrl?: string;
  route?: unknown;
}

type NextFunction = (error?: unknown) => void;
type ExpressMiddleware = (req: ExpressRequest & Tracked, res: ServerResponse, next: NextFunction) => void;

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

/** The middleware `app.use(sightline)` stands for, made on its first request. */
let byReference: ExpressMiddleware | undefined;

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
export function sightline(options: SightlineHttpOptions = {}): ExpressMiddleware {
  // `app.use(sightline)` (the factory passed as the middleware): Express calls it with a request
  if (options instanceof IncomingMessage) {
    // eslint-disable-next-line prefer-rest-params -- the factory's signature stays (options); the rest are the framework's
    const [, res, next] = arguments as unknown as [ExpressRequest, ServerResponse, NextFunction];
    byReference ??= sightline();
    byReference(options, res, next);
    return byReference;
  }
  const core = new HttpCore(options, "sightline() of sightline/express");
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

/** Options of {@link sightlineErrors}. @since 0.1.0 */
export interface SightlineErrorsOptions {
  /**
   * `true` (default): answer the error in JSON, `{ error, request_id }`, with the error's own
   * 4xx/5xx status or 500; a 5xx body never carries the error's message. `false`: pass the
   * error on to your own error middleware, registered after this one, which must answer.
   */
  respond?: boolean;
}

/**
 * Express error middleware, registered after your routes (with `sightline()` registered
 * first): a route's thrown or rejected error is logged once as `request_failed` with the
 * request's context (and handed to `onError`), then answered in JSON, so Express's default
 * handler never prints its raw stack on stderr. `{ respond: false }` passes the error on to
 * your own error middleware instead.
 *
 * @example
 * app.use(sightlineErrors()); // last: answers {"error":"Internal Server Error","request_id":"…"}
 * @see docs/http.md
 * @since 0.1.0
 */
export function sightlineErrors(options: SightlineErrorsOptions = {}) {
  const { respond = true } = checkOptions("sightlineErrors() of sightline/express", options, { respond: is.boolean });
  return function sightlineError(
    error: unknown,
    req: IncomingMessage & Tracked,
    res: ServerResponse,
    next: NextFunction,
  ): void {
    const request = req[kTracked];
    if (request !== undefined) request.core.fail(request.handle, error);
    if (respond) answerError(error, res, request?.handle.requestId);
    else next(error);
  };
}

export type { SightlineHttpOptions, RequestHandle } from "../core.ts";
