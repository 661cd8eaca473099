// The probe endpoints for node:http; the framework adapters route to the same function.

import type { IncomingMessage, ServerResponse } from "node:http";
import { getLogger } from "../log/index.ts";
import type { Health } from "./health.ts";
import { HEALTH_JSON, toHealthJson, wantsHealthJson } from "./health-json.ts";

/** The paths served, Kubernetes-style aliases included. */
export const HEALTH_PATHS = {
  liveness: ["/health", "/livez"],
  readiness: ["/health/ready", "/readyz"],
  startup: ["/health/startup", "/startupz"],
} as const;

type Probe = keyof typeof HEALTH_PATHS;

const PROBES = new Map<string, Probe>(
  Object.entries(HEALTH_PATHS).flatMap(([probe, paths]) => paths.map((path) => [path, probe as Probe])),
);

const log = getLogger("sightline.health");

/** Which probe a path asks for, if any (query strings ignored). */
export function probeFor(url: string | undefined): Probe | undefined {
  if (url === undefined) return undefined;
  const query = url.indexOf("?");
  return PROBES.get(query === -1 ? url : url.slice(0, query));
}

function send(res: ServerResponse, statusCode: number, body: unknown, contentType: string, head: boolean): void {
  res.writeHead(statusCode, { "content-type": `${contentType}; charset=utf-8`, "cache-control": "no-store" });
  res.end(head ? undefined : JSON.stringify(body));
}

/**
 * Answers a probe request. Returns false (and writes nothing) when the path is not a probe,
 * so it can sit in front of an application's own routing.
 *
 * @example
 * const probes = healthHandler(health);
 * http.createServer((req, res) => { if (!probes(req, res)) app(req, res); });
 * @see docs/health.md
 * @since 0.1.0
 */
export function healthHandler(health: Health) {
  return function sightlineHealth(req: IncomingMessage, res: ServerResponse): boolean {
    const probe = probeFor(req.url);
    if (probe === undefined || (req.method !== "GET" && req.method !== "HEAD")) return false;
    const head = req.method === "HEAD";
    const healthJson = wantsHealthJson(req.headers.accept);
    const type = healthJson ? HEALTH_JSON : "application/json";
    if (probe === "liveness") {
      const report = health.liveness();
      send(res, 200, healthJson ? { status: "pass", ...versionOf(health) } : report, type, head);
    } else if (probe === "startup") {
      const { statusCode, report } = health.startup();
      send(res, statusCode, healthJson ? { status: statusCode === 200 ? "pass" : "fail" } : report, type, head);
    } else {
      health.readiness().then(
        ({ statusCode, report }) =>
          send(res, statusCode, healthJson ? toHealthJson(health, report) : report, type, head),
        (error: unknown) => {
          log.exception("health_probe_failed", error);
          if (!res.headersSent) send(res, 503, { status: "fail" }, type, head);
        },
      );
    }
    return true;
  };
}

function versionOf(health: Health): Record<string, string> {
  return {
    ...(health.version === undefined ? {} : { version: health.version }),
    ...(health.serviceId === undefined ? {} : { serviceId: health.serviceId }),
  };
}
