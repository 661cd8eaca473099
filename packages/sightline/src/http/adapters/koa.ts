// sightline/koa: Koa 2 and 3 middleware over the HTTP core, with route templates from
// @koa/router. Neither is imported: the middleware only reads the context it is handed.

import { IncomingMessage, type ServerResponse } from "node:http";
import { contentLength, HttpCore, type RequestHandle, type SightlineHttpOptions } from "../core.ts";

/** The parts of Koa's context (and of what @koa/router adds to it) this adapter reads. */
interface KoaContext {
  req: IncomingMessage;
  res: ServerResponse;
  originalUrl?: string;
  respond?: boolean;
  /** @koa/router: the layers whose path matched, route and `router.use()` layers alike. */
  matched?: readonly { path: unknown; methods: readonly string[] }[];
}

/** Whether `path` is a route's (not a `router.use()` middleware's): only routes have methods. */
function isRoute(ctx: KoaContext, path: unknown): boolean {
  return ctx.matched === undefined || ctx.matched.some((layer) => layer.path === path && layer.methods.length > 0);
}

// What the adapter keeps on each context: the request in flight and `_matchedRoute`'s value.
// Properties of the context, set through one accessor on the app's context prototype: an
// accessor defined on every context (a closure holding it) cost a defineProperty per request and
// kept contexts alive past young-generation GCs (scavenges of ~17 ms under load).
const kTracked = Symbol("sightline.request");
const kMatched = Symbol("sightline.matchedRoute");

interface Tracked {
  [kTracked]?: { core: HttpCore; handle: RequestHandle };
  [kMatched]?: unknown;
}

const trapped = new WeakSet<object>();

/** @koa/router sets `ctx._matchedRoute` once it matched, and again before each layer it runs. */
function trapRoute(ctx: KoaContext): void {
  const proto = Object.getPrototypeOf(ctx) as object | null;
  if (proto === null || trapped.has(proto)) return;
  trapped.add(proto);
  Object.defineProperty(proto, "_matchedRoute", {
    configurable: true,
    enumerable: false,
    get(this: KoaContext & Tracked) {
      return this[kMatched];
    },
    set(this: KoaContext & Tracked, value: unknown) {
      this[kMatched] = value;
      const request = this[kTracked];
      if (request !== undefined && value !== undefined && isRoute(this, value)) {
        request.core.setRoute(request.handle, String(value));
      }
    },
  });
}

/** Koa removes every header before its error response; it sets those the error carries. */
function keepHeader(error: unknown, name: string, value: string): void {
  if (error === null || typeof error !== "object") return;
  const headers = (error as { headers?: Record<string, unknown> }).headers;
  if (headers?.[name] === undefined) Reflect.set(error, "headers", { ...headers, [name]: value });
}

function isContext(value: unknown): value is KoaContext & Tracked {
  return (value as Partial<KoaContext> | undefined)?.req instanceof IncomingMessage;
}

/** The middleware `app.use(sightline)` stands for, made on its first request. */
type KoaMiddleware = (ctx: KoaContext & Tracked, next: () => Promise<unknown>) => Promise<void>;
let byReference: KoaMiddleware | undefined;

/**
 * Koa middleware: request id, context, route template (from @koa/router), metrics, access
 * line, errors thrown downstream, and `/metrics` (and the health probes when `health` is
 * given) on the same app. Register it first.
 *
 * @example
 * const app = new Koa();
 * const router = new Router();
 * router.get("/assessments/:id", (ctx) => { ctx.body = { id: ctx.params.id }; });
 * app.use(sightline()).use(router.routes());
 * app.listen(8080);
 * @see docs/http.md
 * @since 0.1.0
 */
export function sightline(options: SightlineHttpOptions = {}): KoaMiddleware {
  // `app.use(sightline)` (the factory passed as the middleware): Koa calls it with a context
  if (isContext(options)) {
    // eslint-disable-next-line prefer-rest-params -- the factory's signature stays (options); the rest are the framework's
    const next = (arguments as unknown as [KoaContext, () => Promise<unknown>])[1];
    byReference ??= sightline();
    return byReference(options, next) as unknown as KoaMiddleware;
  }
  const core = new HttpCore(options, "sightline() of sightline/koa");
  return async function sightlineRequest(ctx: KoaContext & Tracked, next: () => Promise<unknown>): Promise<void> {
    const { req, res } = ctx;
    const url = ctx.originalUrl ?? req.url;
    const endpoint = core.endpoint(req.method, url);
    if (endpoint !== undefined) {
      ctx.respond = false;
      await endpoint(req, res);
      return;
    }
    const handle = core.begin(req.method, url, req.headers);
    res.setHeader(core.requestIdHeader, handle.requestId);
    ctx[kTracked] = { core, handle };
    trapRoute(ctx);
    res.once("close", () => core.end(handle, res.statusCode, contentLength(res)));
    try {
      await core.run(handle, next);
    } catch (error) {
      core.fail(handle, error);
      keepHeader(error, core.requestIdHeader, handle.requestId);
      throw error; // Koa's own error handling answers (500 unless the error carries a status)
    }
  };
}

export type { SightlineHttpOptions, RequestHandle } from "../core.ts";
