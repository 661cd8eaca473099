// GET /metrics for node:http (the framework adapters reuse it): content negotiation, an
// optional bearer token, and the output of a prom-client registry appended when given.

import { createHash, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { checkOptions, type OptionRules } from "../internal/options.ts";
import { getLogger } from "../log/index.ts";
import { defaultRegistry } from "./registry.ts";
import { registryRule } from "./metric.ts";
import type { Registry } from "./registry.ts";

/** The part of a prom-client `Registry` the handler uses. */
export interface PromClientRegistryLike {
  metrics(): Promise<string> | string;
}

/** Options of {@link metricsHandler}. @since 0.1.0 */
export interface MetricsHandlerOptions {
  /** The registry to serve. Default: the default registry. */
  registry?: Registry;
  /** When set, requests must send `Authorization: Bearer <token>`. */
  token?: string;
  /** A prom-client registry whose output is appended (served as Prometheus text 0.0.4). */
  promClient?: PromClientRegistryLike;
}

const log = getLogger("sightline.metrics");

const RULES: OptionRules<MetricsHandlerOptions> = {
  registry: registryRule,
  token: { expected: "a non-empty string", test: (value) => typeof value === "string" && value !== "" },
  promClient: {
    expected: "a prom-client Registry",
    test: (value) => typeof (value as Partial<PromClientRegistryLike> | null)?.metrics === "function",
  },
};

/** The credentials of `Authorization: Bearer <token>`; the scheme name is case-insensitive. */
function bearerToken(header: string | undefined): string {
  if (header === undefined) return "";
  const space = header.indexOf(" ");
  return space !== -1 && header.slice(0, space).toLowerCase() === "bearer" ? header.slice(space + 1).trim() : "";
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text).digest();
}

/**
 * A `node:http` request handler that serves the registry's exposition.
 *
 * @example
 * http.createServer((req, res) => req.url === "/metrics" ? serveMetrics(req, res) : app(req, res));
 * const serveMetrics = metricsHandler({ token: process.env.METRICS_TOKEN });
 * @see docs/metrics.md
 * @since 0.1.0
 */
export function metricsHandler(options: MetricsHandlerOptions = {}) {
  const { registry = defaultRegistry(), token, promClient } = checkOptions("metricsHandler()", options, RULES);
  // compare digests: equal length, constant time, whatever the caller sends
  const expected = token === undefined ? undefined : digest(token);

  return async function sightlineMetrics(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405, { allow: "GET, HEAD" }).end();
      return;
    }
    if (expected !== undefined && !timingSafeEqual(digest(bearerToken(req.headers.authorization)), expected)) {
      res.writeHead(401, { "www-authenticate": 'Bearer realm="metrics"' }).end();
      return;
    }
    try {
      // prom-client's text is 0.0.4: when it is appended, serve 0.0.4 throughout
      const accept = promClient === undefined ? req.headers.accept : undefined;
      const { contentType, body } = await registry.expose(accept);
      const extra = promClient === undefined ? "" : await promClient.metrics();
      const text = extra === "" ? body : `${body}${extra.endsWith("\n") ? extra : `${extra}\n`}`;
      res.writeHead(200, { "content-type": contentType, "cache-control": "no-store" });
      res.end(req.method === "HEAD" ? undefined : text);
    } catch (error) {
      log.exception("metrics_exposition_failed", error, { accept: req.headers.accept });
      if (!res.headersSent) res.writeHead(500);
      res.end();
    }
  };
}
