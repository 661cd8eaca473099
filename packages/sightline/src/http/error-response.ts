// The answer to a request whose handler failed, for adapters whose framework has none of its
// own that is safe to show (Express's prints the stack, node:http has none).

import { STATUS_CODES, type ServerResponse } from "node:http";

/** The status an error asks for (http-errors' `status`/`statusCode`, Koa's, Fastify's), or 500. */
export function statusOf(error: unknown): number {
  const { status, statusCode } = (error ?? {}) as { status?: unknown; statusCode?: unknown };
  const code = typeof status === "number" ? status : statusCode;
  return typeof code === "number" && Number.isInteger(code) && code >= 400 && code <= 599 ? code : 500;
}

/** The body's words: a client error's message when it is meant to be shown (http-errors' `expose`). */
function publicMessage(error: unknown, status: number): string {
  const { expose, message } = (error ?? {}) as { expose?: unknown; message?: unknown };
  if (status < 500 && expose === true && typeof message === "string") return message;
  return STATUS_CODES[status] ?? "Error";
}

/**
 * Answers a failed request in JSON, `{ error, request_id }`, with the error's own 4xx/5xx status
 * or 500. A 5xx body never carries the error's message (it may hold a driver's text or a host);
 * the details are in the log and the error store. Too late for an answer, the connection ends.
 */
export function answerError(error: unknown, res: ServerResponse, requestId: string | undefined): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const status = statusOf(error);
  const headers = (error as { headers?: unknown } | null)?.headers;
  if (status < 500 && headers !== null && typeof headers === "object") {
    for (const [name, value] of Object.entries(headers)) if (typeof value === "string") res.setHeader(name, value);
  }
  const body = JSON.stringify({ error: publicMessage(error, status), request_id: requestId });
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(body),
  });
  res.end(body);
}
