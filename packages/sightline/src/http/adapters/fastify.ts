// sightline/fastify: instrumentation for Fastify 5, as a plugin whose hooks cover the whole app.

import type { FastifyError, FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from "fastify";
import { getContext } from "../../context/index.ts";
import { HttpCore, type RequestHandle, type SightlineHttpOptions } from "../core.ts";
import { errorAnswer } from "../core.ts";

type Done = (error?: Error) => void;

const SKIP_OVERRIDE = Symbol.for("skip-override");
const noop = (): void => undefined;

function isFastify(value: unknown): value is FastifyInstance {
  const candidate = value as Partial<FastifyInstance> | undefined;
  return typeof candidate?.addHook === "function" && typeof candidate.decorateRequest === "function";
}

function sizeOf(header: unknown): number | undefined {
  const size = typeof header === "string" ? Number(header) : header;
  return typeof size === "number" && Number.isFinite(size) ? size : undefined;
}

/**
 * A Fastify plugin: request id, context, route templates, metrics, access line, failures,
 * and `/metrics` (and the health probes when `health` is given) on the same server. Its hooks
 * apply to the whole app (it is not encapsulated), so register it before your routes. Both of
 * Fastify's conventions work: `register(sightline, options)` and `register(sightline(options))`.
 *
 * @example
 * const app = Fastify();
 * await app.register(sightline, { slowRequestMs: 500 });
 * app.get("/assessments/:id", async (request) => ({ id: (request.params as { id: string }).id }));
 * await app.listen({ port: 8080 });
 * @see docs/http.md
 * @since 0.1.0
 */
export function sightline(options?: SightlineHttpOptions): FastifyPluginCallback<SightlineHttpOptions>;
export function sightline(app: FastifyInstance, options: SightlineHttpOptions, done: Done): void;
export function sightline(
  appOrOptions?: FastifyInstance | SightlineHttpOptions,
  registered?: SightlineHttpOptions,
  done?: Done,
): FastifyPluginCallback<SightlineHttpOptions> | void {
  if (isFastify(appOrOptions)) {
    // register(sightline, options): Fastify calls the factory as the plugin itself
    // without Fastify's own registration options (a global plugin has no prefix)
    const {
      prefix: _prefix,
      logLevel: _level,
      logSerializers: _serializers,
      ...options
    } = (registered ?? {}) as SightlineHttpOptions & { prefix?: unknown; logLevel?: unknown; logSerializers?: unknown };
    const finish = done ?? noop;
    let registeredPlugin;
    try {
      registeredPlugin = plugin(options, "register(sightline, options) of sightline/fastify");
    } catch (error) {
      finish(error as Error); // Fastify's register() rejects with it
      return;
    }
    registeredPlugin(appOrOptions, {}, finish);
    return;
  }
  return plugin(appOrOptions, "sightline() of sightline/fastify");
}
// fastify-plugin's flag, without the dependency: the hooks are not encapsulated
Object.assign(sightline, { [SKIP_OVERRIDE]: true });

function plugin(options: SightlineHttpOptions = {}, where: string): FastifyPluginCallback<SightlineHttpOptions> {
  const core = new HttpCore(options, where);
  // The request's handle, as a request decoration (one per plugin instance): a WeakMap keyed by
  // requests made V8 keep them past young-generation GCs, which grew to ~7 ms (bench/http).
  const kHandle = Symbol("sightline.request");
  type Tracked = FastifyRequest & { [kHandle]?: RequestHandle | null };

  function sightlineRequest(request: Tracked, reply: FastifyReply, done: Done): void {
    const endpoint = core.endpoint(request.method, request.url);
    if (endpoint !== undefined) {
      reply.hijack();
      void endpoint(request.raw, reply.raw);
      done();
      return;
    }
    const handle = core.begin(request.method, request.url, request.headers);
    request[kHandle] = handle;
    reply.header(core.requestIdHeader, handle.requestId);
    const route = request.routeOptions.url; // undefined for Fastify's 404 handler
    if (route !== undefined) core.setRoute(handle, route);
    reply.raw.once("close", () => core.end(handle, reply.raw.statusCode, sizeOf(reply.getHeader("content-length"))));
    // done() inside the scope: the rest of the lifecycle, the handler included, runs in it
    core.run(handle, () => done());
  }

  function sightlineError(request: Tracked, _reply: FastifyReply, error: FastifyError, done: Done): void {
    const handle = request[kHandle];
    if (handle !== null && handle !== undefined) core.fail(handle, error);
    done();
  }

  function sightlinePlugin(app: FastifyInstance, _options: unknown, done: Done): void {
    app.decorateRequest(kHandle, null);
    app.addHook("onRequest", sightlineRequest);
    app.addHook("onError", sightlineError);
    done();
  }
  return Object.assign(sightlinePlugin, { [SKIP_OVERRIDE]: true });
}

/** Fastify's own client errors (validation, content type, body size) are written for the client. */
function fastifyExposes(error: unknown): boolean {
  const { expose, code } = error as { expose?: unknown; code?: unknown };
  return expose === true || (typeof code === "string" && code.startsWith("FST_"));
}

/**
 * An error handler for `app.setErrorHandler()`: answers `{ error, request_id }` in JSON with the
 * error's status. A 5xx body says only `Internal Server Error` (Fastify's default handler puts the
 * error's message there, which may be a driver's text); 4xx errors meant for the client
 * (Fastify's validation errors, http-errors with `expose`) keep their message. The plugin has
 * already logged the failure with the request's context.
 *
 * @example
 * await app.register(sightline());
 * app.setErrorHandler(sightlineErrorHandler);
 * @since 0.1.0
 */
export function sightlineErrorHandler(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  const requestId = getContext().request_id;
  const { status, headers, body } = errorAnswer(
    error,
    typeof requestId === "string" ? requestId : undefined,
    fastifyExposes,
  );
  void reply.code(status).headers(headers).type("application/json; charset=utf-8").send(body);
}

export type { SightlineHttpOptions, RequestHandle } from "../core.ts";
export { HttpCore } from "../core.ts";
