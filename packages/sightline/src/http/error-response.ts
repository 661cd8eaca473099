// The answer to a request whose handler failed, for frameworks whose own is not safe to show:
// Express's prints the stack, Fastify's puts a 5xx error's message in the body, node:http has none.

import { STATUS_CODES, type ServerResponse } from "node:http";

/** The status an error asks for (http-errors' `status`/`statusCode`, Koa's, Fastify's), or 500. */
export function statusOf(error: unknown): number {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const code = typeof status === "number" ? status : statusCode;
  return typeof code === "number" && Number.isInteger(code) && code >= 400 && code <= 599 ? code : 500;
}

/** http-errors' convention: a client error says whether its message is meant to be shown. */
function isExposed(error: unknown): boolean {
  return (error as { expose?: unknown } | null)?.expose === true;
}

/** The answer to a failed request: status, the headers a client error asks for, and the JSON body. */
export interface ErrorAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * The answer to a failed request, `{ error, request_id }`, with the error's own 4xx/5xx status or
 * 500. A 5xx body never carries the error's message (it may hold a driver's text or a host): the
 * details are in the log and the error store. A client error's message is shown when `exposed`
 * says it is meant for the client.
 */
export function errorAnswer(
  error: unknown,
  requestId: string | undefined,
  exposed: (error: unknown) => boolean = isExposed,
): ErrorAnswer {
  const status = statusOf(error);
  const { headers: asked, message } = (error ?? {}) as { headers?: unknown; message?: unknown };
  const headers: Record<string, string> = {};
  if (status < 500 && asked !== null && typeof asked === "object") {
    for (const [name, value] of Object.entries(asked)) if (typeof value === "string") headers[name] = value;
  }
  const shown = status < 500 && typeof message === "string" && exposed(error);
  const body = JSON.stringify({ error: shown ? message : (STATUS_CODES[status] ?? "Error"), request_id: requestId });
  return { status, headers, body };
}

/** Answers a failed request on a ServerResponse (see {@link errorAnswer}); too late for an answer, the connection ends. */
export function answerError(error: unknown, res: ServerResponse, requestId: string | undefined): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, headers, body } = errorAnswer(error, requestId);
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}
