// A Sentry ingestion endpoint on 127.0.0.1 for tests: it records every request it receives and
// answers as the test says; decode() reads a recorded request with @sentry/core's own parser.

import assert from "node:assert/strict";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { parseEnvelope, type Event } from "@sentry/core";
import type { ErrorEvent } from "../../src/errors/index.ts";

export interface Received {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Answer {
  status: number;
  headers?: Record<string, string>;
}

export interface Endpoint {
  dsn: string;
  received: Received[];
  /** Answers request number `index` (from 0); default 200. */
  answer: (index: number) => Answer | Promise<Answer>;
  close(): Promise<void>;
}

/** Starts the endpoint; its `dsn` names project 42 with the key `publickey`. */
export async function startEndpoint(): Promise<Endpoint> {
  const received: Received[] = [];
  const endpoint: Endpoint = {
    dsn: "",
    received,
    answer: () => ({ status: 200 }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const index = received.length;
      received.push({
        method: req.method ?? "",
        url: new URL(req.url ?? "/", "http://127.0.0.1"),
        headers: req.headers,
        body: Buffer.concat(chunks),
      });
      void Promise.resolve(endpoint.answer(index)).then(({ status, headers }) => {
        res.writeHead(status, { "content-type": "application/json", ...headers });
        res.end(status === 200 ? '{"id":"ok"}' : "{}");
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  endpoint.dsn = `http://publickey@127.0.0.1:${port}/42`;
  const closeServer = endpoint.close;
  endpoint.close = () => {
    server.closeAllConnections();
    return closeServer();
  };
  return endpoint;
}

/** The one item of a recorded envelope: its header, its type and its event. */
export function decode(request: Received): {
  header: Record<string, unknown>;
  type: unknown;
  event: Event & ErrorEvent;
} {
  const [header, items] = parseEnvelope(new Uint8Array(request.body));
  assert.equal(items.length, 1);
  const [itemHeader, payload] = items[0] as [Record<string, unknown>, unknown];
  return { header, type: itemHeader.type, event: payload as Event & ErrorEvent };
}
