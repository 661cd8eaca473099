// sightline/hono: instrumentation for Hono 4, as middleware (any runtime; on @hono/node-server
// the access line is written when the node response closes).

import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context, MiddlewareHandler, Next } from "hono";
import { matchedRoutes } from "hono/route";
import { contentLength, HttpCore, type SightlineHttpOptions } from "../core.ts";

/** What @hono/node-server puts in `c.env` (`HttpBindings`). */
interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

function nodeBindings(c: Context): NodeBindings {
  const env: unknown = c.env;
  return typeof env === "object" && env !== null ? (env as NodeBindings) : {};
}

/** `/path?query` of an absolute URL. */
function pathAndQuery(url: string): string {
  const start = url.indexOf("/", url.indexOf("://") + 3);
  return start === -1 ? "/" : url.slice(start);
}

/** The template of the route that will answer: the last matched route that is not `use()` middleware. */
function handlerRoute(c: Context): string | undefined {
  return matchedRoutes(c).findLast((route) => route.method !== "ALL" || route.handler.length < 2)?.path;
}

function sizeOf(header: string | null): number | undefined {
  const size = header === null ? Number.NaN : Number(header);
  return Number.isFinite(size) ? size : undefined;
}

function isContext(value: unknown): value is Context {
  const candidate = value as Partial<Context> | undefined;
  return typeof candidate?.req?.raw === "object" && typeof candidate.header === "function";
}

/** The middleware `app.use(sightline)` stands for, made on its first request. */
let byReference: MiddlewareHandler | undefined;

/**
 * Hono middleware: request id, context, route templates, metrics, access line, failures, and
 * `/metrics` (and the health probes when `health` is given) on the same app. Use it first.
 *
 * @example
 * const app = new Hono();
 * app.use(sightline({ slowRequestMs: 500 }));
 * app.get("/assessments/:id", (c) => c.json({ id: c.req.param("id") }));
 * serve({ fetch: app.fetch, port: 8080 });
 * @see docs/http.md
 * @since 0.1.0
 */
export function sightline(options: SightlineHttpOptions = {}): MiddlewareHandler {
  // `app.use(sightline)` (the factory passed as the middleware): Hono calls it with a context
  if (isContext(options)) {
    // eslint-disable-next-line prefer-rest-params -- the factory's signature stays (options); the rest are the framework's
    const next = (arguments as unknown as [Context, Next])[1];
    byReference ??= sightline();
    return byReference(options, next) as unknown as MiddlewareHandler;
  }
  const core = new HttpCore(options, "sightline() of sightline/hono");
  return async function sightlineRequest(c: Context, next: Next): Promise<Response | undefined> {
    const { incoming, outgoing } = nodeBindings(c);
    const url = pathAndQuery(c.req.url);
    const headers = incoming?.headers ?? Object.fromEntries(c.req.raw.headers);
    const answer = core.endpointAnswer(c.req.method, url, headers);
    if (answer !== undefined) {
      const { status, headers: head, body } = await answer;
      return new Response(body ?? null, { status, headers: head });
    }
    const handle = core.begin(c.req.method, url, headers);
    const route = handlerRoute(c);
    if (route !== undefined) core.setRoute(handle, route);
    // on node, end when the response closes (streams included); elsewhere, when next() returns
    const onNode = typeof outgoing?.once === "function";
    if (onNode) {
      // set on the node response, which merges it into whatever Hono answers: c.header() after
      // next() would turn @hono/node-server's light response into a full web Response (+60 µs)
      outgoing.setHeader(core.requestIdHeader, handle.requestId);
      outgoing.once("close", () => core.end(handle, outgoing.statusCode, contentLength(outgoing)));
    }
    try {
      await core.run(handle, next);
    } catch (error) {
      // Hono catches Error instances itself (c.error below); anything else propagates
      core.fail(handle, error);
      if (!onNode) core.end(handle, 500);
      throw error;
    }
    if (c.error !== undefined) core.fail(handle, c.error);
    if (!onNode) {
      c.header(core.requestIdHeader, handle.requestId); // after next(): on whichever response won
      core.end(handle, c.res.status, sizeOf(c.res.headers.get("content-length")));
    }
    return undefined;
  };
}

export type { SightlineHttpOptions, RequestHandle } from "../core.ts";
export { HttpCore } from "../core.ts";
