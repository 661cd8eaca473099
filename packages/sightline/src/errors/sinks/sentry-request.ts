// The HTTP side of the Sentry sink: POSTs one serialized envelope with node:http or node:https
// (no fetch: an application's own fetch mocks and instrumentation never see Sightline's sends),
// and retries network errors and 5xx answers with backoff. 429 and the other 4xx are not
// retried: @sentry/core's transport reads their rate-limit headers and holds later sends back.

import type { Agent, AgentOptions, ClientRequest, IncomingMessage, RequestOptions } from "node:http";

/** The part of node:http (or node:https) this file uses. */
export interface HttpModule {
  Agent: new (options?: AgentOptions) => Agent;
  request(url: URL, options: RequestOptions, callback: (response: IncomingMessage) => void): ClientRequest;
}

/** What @sentry/core's transport reads from an answer. */
export interface EnvelopeResponse {
  statusCode?: number;
  headers?: { [key: string]: string | null; "x-sentry-rate-limits": string | null; "retry-after": string | null };
}

export interface EnvelopeRequestOptions {
  /** Tries per envelope, the first included. */
  attempts: number;
  /** Wait before the second try; each later wait is four times longer. */
  backoffMs: number;
  /** A connection silent this long is given up (one try). */
  timeoutMs: number;
  /** Requests in flight at once; more wait for a socket. */
  maxSockets: number;
}

function header(response: IncomingMessage, name: string): string | null {
  const value = response.headers[name];
  return value === undefined ? null : Array.isArray(value) ? value.join(",") : value;
}

/** Sends envelopes to one endpoint; `close()` ends every request and wait still open. */
export class EnvelopeRequester {
  readonly #url: URL;
  readonly #http: HttpModule;
  readonly #agent: Agent;
  readonly #options: EnvelopeRequestOptions;
  readonly #requests = new Set<ClientRequest>();
  readonly #waits = new Set<() => void>();
  #closed = false;

  constructor(url: string, http: HttpModule, options: EnvelopeRequestOptions) {
    this.#url = new URL(url);
    this.#http = http;
    this.#options = options;
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: options.maxSockets });
  }

  /** A `TransportRequestExecutor` for @sentry/core's `createTransport`. */
  readonly execute = (request: { body: string | Uint8Array }): Promise<EnvelopeResponse> => this.#send(request.body);

  async #send(body: string | Uint8Array): Promise<EnvelopeResponse> {
    for (let attempt = 1; ; attempt++) {
      let response: EnvelopeResponse | undefined;
      let failure: unknown;
      try {
        response = await this.#post(body);
      } catch (error) {
        failure = error;
      }
      const retryable = response === undefined || (response.statusCode ?? 0) >= 500;
      if (!retryable || attempt >= this.#options.attempts || this.#closed) {
        if (response === undefined) throw failure;
        return response;
      }
      await this.#wait(this.#options.backoffMs * 4 ** (attempt - 1));
      if (this.#closed) {
        if (response === undefined) throw failure;
        return response;
      }
    }
  }

  #post(body: string | Uint8Array): Promise<EnvelopeResponse> {
    return new Promise((resolve, reject) => {
      if (this.#closed) {
        reject(new Error("the Sentry sink is closed"));
        return;
      }
      const request = this.#http.request(
        this.#url,
        {
          method: "POST",
          agent: this.#agent,
          timeout: this.#options.timeoutMs,
          headers: {
            "content-type": "application/x-sentry-envelope",
            "content-length": typeof body === "string" ? Buffer.byteLength(body) : body.byteLength,
          },
        },
        (response) => {
          response.on("error", () => undefined); // a body cut short is of no matter: it is not read
          response.resume(); // reading the body (to nowhere) frees the socket for the next envelope
          resolve({
            statusCode: response.statusCode,
            headers: {
              "x-sentry-rate-limits": header(response, "x-sentry-rate-limits"),
              "retry-after": header(response, "retry-after"),
            },
          });
        },
      );
      this.#requests.add(request);
      request.once("close", () => this.#requests.delete(request));
      request.once("timeout", () => request.destroy(new Error("the Sentry endpoint did not answer in time")));
      request.on("error", reject);
      request.end(body);
    });
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.#waits.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waits.add(done);
    });
  }

  close(): void {
    this.#closed = true;
    for (const done of [...this.#waits]) done();
    for (const request of this.#requests) request.destroy(new Error("the Sentry sink is closed"));
    this.#agent.destroy();
  }
}
