// sightline/node: instrumentation for a plain node:http request listener.

import { IncomingMessage, type RequestListener, type ServerResponse } from "node:http";
import { SightlineError } from "../../internal/errors.ts";
import { is } from "../../internal/options.ts";
import { answerError } from "../core.ts";
import { contentLength, HttpCore, type SightlineHttpOptions } from "../core.ts";

/** Options of the node:http adapter. @since 0.1.0 */
export interface SightlineNodeOptions extends SightlineHttpOptions {
  /** The route template of a request, when your code knows it (there is no router to ask). */
  route?: (req: IncomingMessage) => string | undefined;
}

function misuse(problem = "sightline() takes options and returns a wrapper for your listener"): SightlineError {
  return new SightlineError(
    "SIGHTLINE_ERR_INVALID_OPTION",
    `of sightline/node: ${problem}; write createServer(sightline(options)(listener))`,
  );
}

/**
 * Wraps a `node:http` request listener: request id, context, metrics, access line, failures,
 * and `/metrics` (and the health probes when `health` is given) on the same server.
 *
 * @example
 * const instrument = sightline({ route: (req) => routeOf(req.url) });
 * http.createServer(instrument((req, res) => res.end("ok"))).listen(8080);
 * @see docs/http.md
 * @since 0.1.0
 */
export function sightline(options: SightlineNodeOptions = {}) {
  // a listener where the options go (or the factory itself as the listener) is a server that
  // never answers: say so at once
  if (typeof options === "function" || options instanceof IncomingMessage) throw misuse();
  const { route, ...rest } = options;
  if (route !== undefined && !is.function.test(route)) throw misuse("route: expected a function");
  const core = new HttpCore(rest, "sightline() of sightline/node");
  return function instrument(listener: RequestListener): RequestListener {
    if (typeof listener !== "function") throw misuse("the wrapper takes your request listener");
    return function sightlineRequest(req: IncomingMessage, res: ServerResponse): void {
      const endpoint = core.endpoint(req.method, req.url);
      if (endpoint !== undefined) {
        void endpoint(req, res);
        return;
      }
      const handle = core.begin(req.method, req.url, req.headers);
      res.setHeader(core.requestIdHeader, handle.requestId);
      const template = route?.(req);
      if (template !== undefined) core.setRoute(handle, template);
      res.once("close", () => core.end(handle, res.statusCode, contentLength(res)));
      const failed = (error: unknown): void => {
        core.fail(handle, error);
        answerError(error, res, handle.requestId);
      };
      core.run(handle, () => {
        try {
          const result: unknown = listener(req, res);
          if (result instanceof Promise) result.catch(failed);
        } catch (error) {
          failed(error);
        }
      });
    };
  };
}

export type { SightlineHttpOptions, RequestHandle } from "../core.ts";
export { HttpCore } from "../core.ts";
