// RED metrics with OpenTelemetry's HTTP semantic conventions in Prometheus names. Labels are
// bounded: methods outside the standard set become _OTHER, unmatched requests share one route.

import { Counter, Gauge, Histogram, type Registry } from "../metrics/index.ts";

const KNOWN_METHODS = new Set(["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"]);

/** The `method` label: the standard methods as they are, anything else `_OTHER`. */
export function methodLabel(method: string | undefined): string {
  return method !== undefined && KNOWN_METHODS.has(method) ? method : "_OTHER";
}

export interface HttpMetrics {
  requests: Counter<"method" | "route" | "status">;
  duration: Histogram<"method" | "route" | "status">;
  active: Gauge<"method">;
}

export function httpMetrics(registry: Registry): HttpMetrics {
  return {
    requests: new Counter({
      name: "http_server_requests_total",
      help: "HTTP requests served, by method, route template and status code.",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "http_server_request_duration_seconds",
      help: "Duration of HTTP requests, from the first byte read to the response finished.",
      unit: "seconds",
      labelNames: ["method", "route", "status"],
      registers: [registry],
    }),
    active: new Gauge({
      name: "http_server_active_requests",
      help: "HTTP requests in progress.",
      labelNames: ["method"],
      registers: [registry],
    }),
  };
}
