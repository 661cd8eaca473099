// hot path; bench: bench/http
// The request lifecycle every adapter shares: request id, trace id, the request's context
// scope, route template, RED metrics, the access line, failures. Adapters translate their
// framework's hooks into begin / setRoute / run / fail / end and decide nothing themselves.

import { channel } from "node:diagnostics_channel";
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { withOpenScope, type OpenScope } from "../context/store.ts";
// the request's error scope (user, tags, breadcrumbs): internal to src/errors, opened here
import { captureFromRequest, errorsActive, eventHeaders, requestScope } from "../errors/request-capture.ts";
import { Health, healthHandler, HEALTH_PATHS } from "../health/index.ts";
import { anyOf, arrayOf, checkOptions, instanceOf, is, type OptionRules } from "../internal/options.ts";
import { getLogger, Logger, type LevelName } from "../log/index.ts";
import { metricsHandler, registry as defaultRegistry, Registry } from "../metrics/index.ts";
import { redact } from "../redact/index.ts";
import { statusOf } from "./error-response.ts";

// the answer to a failed request, for the adapters whose framework has none that is safe to show
export { answerError, errorAnswer } from "./error-response.ts";
import { httpMetrics, methodLabel, type HttpMetrics } from "./http-metrics.ts";
import { httpTracing, type RequestSpan } from "../internal/tracing-seam.ts";
import { generateRequestId, isSafeRequestId } from "./request-id.ts";
import { parseTraceParent } from "../internal/traceparent.ts";

/** Options every adapter takes. @since 0.1.0 */
export interface SightlineHttpOptions {
  /** The logger of access and failure lines. Default `getLogger("http")`. */
  logger?: Logger;
  /** Header read and echoed for the request id. Default `x-request-id`. */
  requestIdHeader?: string;
  /** Whether an incoming id may be used. Default: 1–128 characters of `[A-Za-z0-9._:-]`. */
  isValidRequestId?: (id: string) => boolean;
  /** Makes a new id. Default: a random UUID. */
  generateRequestId?: () => string;
  /** One `request_completed` line per request. Default true. */
  accessLog?: boolean;
  /** Level of the access line by status. Default: info below 400, warning for 4xx, error for 5xx. */
  levelForStatus?: (status: number) => LevelName;
  /** Requests slower than this also log `request_slow` at warning. Default: off. */
  slowRequestMs?: number;
  /** RED metrics, and `GET <path>` serving them. `false` turns both off. Default `{ path: "/metrics" }`. */
  metrics?: boolean | { registry?: Registry; path?: string | false; token?: string };
  /** Serves the health probes (`/health`, `/health/ready`, ...) of this Health. */
  health?: Health;
  /** Paths neither logged nor measured. Default: the metrics path and the health paths. */
  ignorePaths?: readonly string[];
  /** Adds the request headers (redacted; authorization and cookies always removed) to the access line. */
  logHeaders?: boolean;
  /** Called with every error a handler throws: the error-tracking hook. */
  onError?: (error: unknown, request: RequestHandle) => void;
  /** The `route` of requests no route matched. Default `"unmatched"`. */
  unmatchedRoute?: string;
}

type MetricsSettings = Exclude<NonNullable<SightlineHttpOptions["metrics"]>, boolean>;

const METRICS_RULES: OptionRules<MetricsSettings> = {
  registry: instanceOf(Registry, "a Registry"),
  path: anyOf(is.nonEmptyString, { expected: "false", test: (value) => value === false }),
  token: is.nonEmptyString,
};

const RULES: OptionRules<SightlineHttpOptions> = {
  logger: instanceOf(Logger, "a Logger (getLogger())"),
  requestIdHeader: is.nonEmptyString,
  isValidRequestId: is.function,
  generateRequestId: is.function,
  accessLog: is.boolean,
  levelForStatus: is.function,
  slowRequestMs: is.milliseconds,
  metrics: anyOf(is.boolean, is.object),
  health: instanceOf(Health, "a Health (createHealth())"),
  ignorePaths: arrayOf(is.string),
  logHeaders: is.boolean,
  onError: is.function,
  unmatchedRoute: is.nonEmptyString,
};

/** One request in flight, as the core tracks it. */
export interface RequestHandle {
  readonly requestId: string;
  /** The method label (`_OTHER` for non-standard methods). */
  readonly method: string;
  /** The path with sensitive query parameters redacted. */
  readonly path: string;
  readonly traceId: string | undefined;
  route: string | undefined;
  readonly ignored: boolean;
  /** @internal */
  started: bigint;
  /** @internal */
  scope: OpenScope | undefined;
  /** @internal */
  headers: Record<string, unknown> | undefined;
  /** @internal the incoming headers, read only if an error event is built */
  requestHeaders: IncomingHttpHeaders;
  /** @internal */
  finished: boolean;
  /** @internal */
  failed: boolean;
  /** @internal The SERVER span, when the OpenTelemetry bridge is on. */
  span: RequestSpan | undefined;
}

/** Published when a request ends, for tools that observe Sightline; free when nobody subscribes. */
const requestChannel = channel("sightline:http.request");

const ALWAYS_HIDDEN_HEADERS = new Set(["authorization", "cookie", "proxy-authorization", "set-cookie"]);

function defaultLevel(status: number): LevelName {
  return status >= 500 ? "error" : status >= 400 ? "warning" : "info";
}

function pathOf(url: string | undefined): string {
  return url === undefined || url === "" ? "/" : url;
}

function withoutQuery(path: string): string {
  const query = path.indexOf("?");
  return query === -1 ? path : path.slice(0, query);
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/** A built-in endpoint's answer as data, for frameworks that answer with a `Response` (Hono). */
export interface EndpointAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | undefined;
}

/** The request lifecycle shared by every adapter. @since 0.1.0 */
export class HttpCore {
  readonly requestIdHeader: string;
  readonly #log: Logger;
  readonly #options: SightlineHttpOptions;
  readonly #isValid: (id: string) => boolean;
  readonly #generate: () => string;
  readonly #levelFor: (status: number) => LevelName;
  readonly #metrics: HttpMetrics | undefined;
  readonly #ignored: ReadonlySet<string>;
  readonly #endpoints = new Map<string, NodeHandler>();
  readonly #unmatched: string;

  /** `where` names the factory in errors: `sightline() of sightline/express`. */
  constructor(options: SightlineHttpOptions = {}, where = "new HttpCore()") {
    checkOptions(where, options, RULES);
    this.#options = options;
    this.#log = options.logger ?? getLogger("http");
    this.requestIdHeader = (options.requestIdHeader ?? "x-request-id").toLowerCase();
    this.#isValid = options.isValidRequestId ?? isSafeRequestId;
    this.#generate = options.generateRequestId ?? generateRequestId;
    this.#levelFor = options.levelForStatus ?? defaultLevel;
    this.#unmatched = options.unmatchedRoute ?? "unmatched";
    const metrics = options.metrics ?? true;
    const ignored = [];
    if (metrics !== false) {
      const settings = metrics === true ? {} : checkOptions(`metrics of ${where}`, metrics, METRICS_RULES);
      const registry = settings.registry ?? defaultRegistry;
      this.#metrics = httpMetrics(registry);
      const path = settings.path ?? "/metrics";
      if (path !== false) {
        this.#endpoints.set(path, metricsHandler({ registry, token: settings.token }));
        ignored.push(path);
      }
    }
    if (options.health !== undefined) {
      const probes = healthHandler(options.health);
      for (const path of Object.values(HEALTH_PATHS).flat()) {
        this.#endpoints.set(path, probes);
        ignored.push(path);
      }
    }
    this.#ignored = new Set(options.ignorePaths ?? ignored);
  }

  /** The built-in endpoint (metrics, health) for this path, if any. */
  endpoint(method: string | undefined, url: string | undefined): NodeHandler | undefined {
    if (this.#endpoints.size === 0 || (method !== "GET" && method !== "HEAD")) return undefined;
    return this.#endpoints.get(withoutQuery(pathOf(url)));
  }

  /** The built-in endpoint's answer for this request, if the path is one, without a `ServerResponse`. */
  endpointAnswer(
    method: string | undefined,
    url: string | undefined,
    headers: IncomingHttpHeaders,
  ): Promise<EndpointAnswer> | undefined {
    const handler = this.endpoint(method, url);
    if (handler === undefined) return undefined;
    return new Promise((resolve) => {
      const answer: EndpointAnswer = { status: 200, headers: {}, body: undefined };
      // the built-in handlers use only writeHead, end and headersSent
      const res = {
        headersSent: false,
        writeHead(status: number, head: Record<string, string> = {}) {
          answer.status = status;
          answer.headers = head;
          res.headersSent = true;
          return res;
        },
        end(body?: string) {
          answer.body = body;
          resolve(answer);
          return res;
        },
      };
      void handler({ method, url, headers } as IncomingMessage, res as unknown as ServerResponse);
    });
  }

  /** Starts tracking a request. */
  begin(method: string | undefined, url: string | undefined, headers: IncomingHttpHeaders): RequestHandle {
    const incoming = headers[this.requestIdHeader];
    const requestId = typeof incoming === "string" && this.#isValid(incoming) ? incoming : this.#generate();
    const rawPath = pathOf(url);
    const label = methodLabel(method);
    const path = rawPath.includes("=") ? redact(rawPath) : rawPath;
    const parent = parseTraceParent(headers.traceparent);
    const ignored = this.#ignored.has(withoutQuery(rawPath));
    const tracing = ignored ? undefined : httpTracing();
    const span = tracing?.startRequest({ method: label, rawMethod: method, path, headers, parent });
    const handle: RequestHandle = {
      requestId,
      method: label,
      path,
      traceId: span === undefined ? parent?.traceId : span.traceId,
      route: undefined,
      ignored,
      started: process.hrtime.bigint(),
      scope: undefined,
      headers: this.#options.logHeaders === true ? visibleHeaders(headers) : undefined,
      requestHeaders: headers,
      finished: false,
      failed: false,
      span,
    };
    if (!handle.ignored) this.#metrics?.active.inc({ method: label });
    return handle;
  }

  /** Runs `fn` (the rest of the request) inside the request's context scope. */
  run<R>(handle: RequestHandle, fn: () => R): R {
    const fields: Record<string, unknown> = { request_id: handle.requestId, method: handle.method, path: handle.path };
    if (handle.route !== undefined) fields.route = handle.route;
    if (handle.traceId !== undefined) fields.trace_id = handle.traceId;
    const span = handle.span;
    // one frame for the request, in one store: its context fields and, while error tracking is
    // on, its error scope (user, tags, the request, its log lines)
    const errorScope = errorsActive()
      ? requestScope(() => ({
          method: handle.method,
          url: handle.path,
          route: handle.route,
          headers: eventHeaders(handle.requestHeaders),
        }))
      : undefined; // no closure per request while error tracking is off
    return withOpenScope(fields, errorScope, (scope) => {
      handle.scope = scope;
      return span === undefined ? fn() : span.run(fn);
    });
  }

  /** Records the route template once the router has matched. */
  setRoute(handle: RequestHandle, route: string): void {
    if (handle.route === route) return;
    handle.route = route;
    handle.scope?.set("route", route);
    handle.span?.setRoute(route);
  }

  /**
   * A handler threw or rejected: logs it with the request's context and hands it to onError.
   * Errors that carry a 4xx status (`ctx.throw(404)`, Hono's HTTPException) are the client's,
   * not failures: the access line at warning says enough.
   */
  fail(handle: RequestHandle, error: unknown): void {
    if (handle.failed || statusOf(error) < 500) return;
    handle.failed = true;
    const span = handle.span;
    if (span === undefined) this.#log.exception("request_failed", error, this.#identity(handle));
    else {
      span.fail(error);
      span.run(() => this.#log.exception("request_failed", error, this.#identity(handle)));
    }
    captureFromRequest(error, handle.route);
    try {
      this.#options.onError?.(error, handle);
    } catch (hookError) {
      this.#log.exception("request_error_hook_failed", hookError, this.#identity(handle));
    }
  }

  /** The response is done (or the connection closed): metrics and the access line. */
  end(handle: RequestHandle, status: number, size?: number): void {
    if (handle.finished) return;
    handle.finished = true;
    if (handle.ignored) return;
    const seconds = Number(process.hrtime.bigint() - handle.started) / 1e9;
    const route = handle.route ?? this.#unmatched;
    const span = handle.span;
    span?.end(status);
    if (this.#metrics !== undefined) {
      const labels = { method: handle.method, route, status: String(status) };
      this.#metrics.requests.inc(labels);
      this.#metrics.duration.observe(labels, seconds, span?.exemplar());
      this.#metrics.active.dec({ method: handle.method });
    }
    if (requestChannel.hasSubscribers) {
      requestChannel.publish({ requestId: handle.requestId, method: handle.method, route, status, seconds });
    }
    if (this.#options.accessLog === false) return;
    if (span === undefined) this.#accessLine(handle, status, size, seconds);
    else span.run(() => this.#accessLine(handle, status, size, seconds));
  }

  #accessLine(handle: RequestHandle, status: number, size: number | undefined, seconds: number): void {
    const durationMs = Math.round(seconds * 1e6) / 1e3;
    // inside the request's own scope its identity is in the context already: repeating it would
    // send every access line down the slower merge path (bench/http: 2-3 µs a request)
    const fields: Record<string, unknown> =
      handle.scope?.isCurrent() === true
        ? handle.route === undefined
          ? { route: this.#unmatched }
          : {}
        : this.#identity(handle);
    fields.status = status;
    fields.duration_ms = durationMs;
    if (size !== undefined) fields.size = size;
    if (handle.headers !== undefined) fields.headers = handle.headers;
    this.#log[this.#levelFor(status)]("request_completed", fields);
    const slow = this.#options.slowRequestMs;
    if (slow !== undefined && durationMs > slow) {
      this.#log.warning("request_slow", { ...this.#identity(handle), duration_ms: durationMs, threshold_ms: slow });
    }
  }

  #identity(handle: RequestHandle): Record<string, unknown> {
    const fields: Record<string, unknown> = {
      request_id: handle.requestId,
      method: handle.method,
      route: handle.route ?? this.#unmatched,
      path: handle.path,
    };
    // inside the active request span, the line already carries its trace_id (and span_id)
    if (handle.traceId !== undefined && handle.span?.isActive() !== true) fields.trace_id = handle.traceId;
    return fields;
  }
}

function visibleHeaders(headers: IncomingHttpHeaders): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!ALWAYS_HIDDEN_HEADERS.has(name)) out[name] = value;
  }
  return out;
}

/** The response size when the framework set it. */
export function contentLength(res: ServerResponse): number | undefined {
  const header = res.getHeader("content-length");
  const size = typeof header === "string" ? Number(header) : header;
  return typeof size === "number" && Number.isFinite(size) ? size : undefined;
}
