// The Sentry-protocol sink (Sentry, GlitchTip, Bugsink): each event, already redacted, goes out
// as an envelope built and rate-limited by @sentry/core, the SDKs' own protocol package. It is
// an optional peer dependency loaded only here, and this file is loaded only with a `dsn`.
// Nothing is collected besides the event Sightline built: no integrations, no PII.

import { readFileSync } from "node:fs";
import type * as SentryCore from "@sentry/core";
import type { DsnComponents, Event, SdkInfo, Transport } from "@sentry/core";
import { getLogger } from "../../log/index.ts";
import type { SightlineError } from "../../internal/errors.ts";
import { invalidOption } from "../../internal/options.ts";
import type { ErrorEvent } from "../event.ts";
import type { ErrorSink } from "../sink.ts";
import { EnvelopeRequester, type EnvelopeResponse, type HttpModule } from "./sentry-request.ts";

type Core = typeof SentryCore;

/** Envelopes waiting or in flight; beyond, events are dropped and counted. */
const QUEUE_SIZE = 100;
const ATTEMPTS = 3;
const BACKOFF_MS = 250;
const REQUEST_TIMEOUT_MS = 10_000;
const MAX_SOCKETS = 4;

const log = getLogger("sightline.errors");

/** A bad `dsn`, or a @sentry/core that cannot send to it. */
function invalidDsn(problem: string): SightlineError {
  return invalidOption("initErrors()", "dsn", problem);
}

async function loadCore(): Promise<Core> {
  let core: Core;
  try {
    core = await import("@sentry/core");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ERR_MODULE_NOT_FOUND") {
      throw invalidDsn("given but @sentry/core is not installed: npm install @sentry/core");
    }
    throw error;
  }
  const needed = ["makeDsn", "createEventEnvelope", "createTransport", "getEnvelopeEndpointWithUrlEncodedAuth"];
  const missing = needed.filter((name) => typeof (core as Record<string, unknown>)[name] !== "function");
  if (missing.length > 0) {
    throw invalidDsn(`given but the installed @sentry/core lacks ${missing.join(", ")}: npm install @sentry/core@11`);
  }
  return core;
}

/** The DSN's parts, checked before @sentry/core sees it (which would print a bad one). */
function parseDsn(core: Core, dsn: string): DsnComponents {
  const shape = "expected https://<key>@<host>/<project>";
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw invalidDsn(`not a URL (${shape})`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") throw invalidDsn(`not http or https (${shape})`);
  if (!/^\w+$/.test(url.username)) throw invalidDsn(`no public key (${shape})`);
  if (!/\/\d+\/?$/.test(url.pathname)) throw invalidDsn(`no project id (${shape})`);
  const components = core.makeDsn(dsn);
  if (components === undefined) throw invalidDsn(`not a Sentry DSN (${shape})`);
  return components;
}

function sightlineVersion(): string {
  try {
    // src/errors/sinks and dist/errors/sinks are both three levels below the package
    const text = readFileSync(new URL("../../../package.json", import.meta.url), "utf8");
    return String((JSON.parse(text) as { version?: unknown }).version ?? "0.0.0");
  } catch {
    // a bundled copy without its package.json: the SDK version is informative only
    return "0.0.0";
  }
}

/** Sends each event to a Sentry-protocol server. Never throws into the capture path. */
export class SentrySink implements ErrorSink {
  /** Events not delivered, by reason (`queue_overflow`, `ratelimit_backoff`, `network_error`, ...). */
  readonly dropped = new Map<string, number>();
  readonly #core: Core;
  readonly #dsn: DsnComponents;
  readonly #sdk: SdkInfo;
  readonly #requester: EnvelopeRequester;
  readonly #transport: Transport;
  #closed = false;

  constructor(core: Core, dsn: DsnComponents, http: HttpModule) {
    this.#core = core;
    this.#dsn = dsn;
    this.#sdk = { name: "sightline", version: sightlineVersion() };
    const url = core.getEnvelopeEndpointWithUrlEncodedAuth(dsn, undefined, this.#sdk);
    this.#requester = new EnvelopeRequester(url, http, {
      attempts: ATTEMPTS,
      backoffMs: BACKOFF_MS,
      timeoutMs: REQUEST_TIMEOUT_MS,
      maxSockets: MAX_SOCKETS,
    });
    this.#transport = core.createTransport(
      { bufferSize: QUEUE_SIZE, recordDroppedEvent: (reason, _category, count) => this.#drop(reason, count) },
      this.#requester.execute,
    );
  }

  send(event: ErrorEvent): void {
    if (this.#closed) {
      this.#drop("closed");
      return;
    }
    try {
      // a copy: createEventEnvelope adds `sdk` to the event it is given, and other sinks share it
      const envelope = this.#core.createEventEnvelope({ ...event } as unknown as Event, this.#dsn, { sdk: this.#sdk });
      envelope[0].dsn = this.#core.dsnToString(this.#dsn); // the public form, without a secret key
      Promise.resolve(this.#transport.send(envelope)).then(
        (response) => this.#answered(response),
        () => undefined, // counted as network_error by the transport
      );
    } catch (error) {
      this.#drop("internal_sdk_error");
      log.exception("error_sink_failed", error, { sink: "sentry" });
    }
  }

  #answered(response: EnvelopeResponse): void {
    const status = response.statusCode;
    // 413 is counted by the transport; an envelope it held back (rate limit, full queue) has no status
    if (status === undefined || (status >= 200 && status < 300) || status === 413) return;
    this.#drop(status === 429 ? "ratelimit" : "send_error");
  }

  #drop(reason: string, count = 1): void {
    const total = (this.dropped.get(reason) ?? 0) + count;
    this.dropped.set(reason, total);
    // the first of each reason, then once per hundred: a dead endpoint is no storm of lines
    if (total === count || Math.floor(total / 100) > Math.floor((total - count) / 100)) {
      log.warning("error_events_not_sent", { sink: "sentry", reason, dropped: total });
    }
  }

  async flush(timeoutMs: number): Promise<void> {
    // 0 would mean "no timeout" to the transport's buffer
    await this.#transport.flush(Math.max(1, timeoutMs));
  }

  close(): void {
    this.#closed = true;
    this.#requester.close();
  }
}

/** Builds the sink of `initErrors({ dsn })`, loading @sentry/core. */
export async function createSentrySink(dsnText: string): Promise<SentrySink> {
  const core = await loadCore();
  const dsn = parseDsn(core, dsnText);
  const http: HttpModule = dsn.protocol === "https" ? await import("node:https") : await import("node:http");
  return new SentrySink(core, dsn, http);
}
