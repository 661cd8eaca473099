// HTTP requests as SERVER spans, through every adapter (the conformance fixtures: real servers
// on 127.0.0.1, real requests) with the OpenTelemetry SDK's in-memory exporter: the incoming
// traceparent is the parent, the span is named by route, and the request's lines carry its ids.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { after, afterEach, before, describe, test } from "node:test";
import { SpanKind, SpanStatusCode } from "@opentelemetry/api";
import type { ReadableSpan } from "@opentelemetry/sdk-trace-base";
import { flow } from "../src/flow/index.ts";
import { sightline } from "../src/http/adapters/node.ts";
import { getLogger } from "../src/index.ts";
import { Registry } from "../src/metrics/index.ts";
import { captureLogs, resetForTests, scrapeMetrics, type CapturedLogs } from "../src/testing/index.ts";
import { expressFixture } from "./http-conformance/adapters/express.ts";
import { fastifyFixture } from "./http-conformance/adapters/fastify.ts";
import { honoFixture } from "./http-conformance/adapters/hono.ts";
import { koaFixture } from "./http-conformance/adapters/koa.ts";
import { nodeFixture } from "./http-conformance/adapters/node.ts";
import type { RunningServer } from "./http-conformance/fixture.ts";
import { installInMemoryTracing } from "./helpers/in-memory-tracing.ts";
import { parseStrictJson } from "./helpers/strict-json.ts";

const { exporter, provider } = installInMemoryTracing();

interface Parent {
  traceId: string;
  spanId: string;
  header: string;
}

function parent(flags = "01"): Parent {
  const traceId = randomBytes(16).toString("hex");
  const spanId = randomBytes(8).toString("hex");
  return { traceId, spanId, header: `00-${traceId}-${spanId}-${flags}` };
}

interface Exchange {
  status: number;
  /** The request's lines (by request id), each parsed strictly: a duplicate key throws. */
  lines: Array<Record<string, unknown>>;
  /** The SERVER spans of the request's trace. */
  servers: ReadableSpan[];
  spans: ReadableSpan[];
}

async function exchange(
  server: RunningServer,
  logs: CapturedLogs,
  path: string,
  headers: Record<string, string> = {},
): Promise<Exchange> {
  const requestId = `t-${randomBytes(6).toString("hex")}`;
  const response = await fetch(server.url + path, { headers: { "x-request-id": requestId, ...headers } });
  await response.arrayBuffer();
  // the access line and the span's end come with the response's close
  await new Promise((resolve) => setTimeout(resolve, 20));
  await logs.flush();
  await provider.forceFlush();
  const lines = logs
    .text()
    .split("\n")
    .filter((text) => text.includes(`"request_id":"${requestId}"`))
    .map((text) => parseStrictJson(text) as Record<string, unknown>);
  const traceId = lines.find((line) => line.event === "request_completed")?.trace_id;
  assert.equal(typeof traceId, "string", `no trace_id on the access line: ${JSON.stringify(lines)}`);
  const spans = exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);
  const servers = spans.filter((span) => span.kind === SpanKind.SERVER);
  assert.equal(servers.length, 1, `one SERVER span in trace ${String(traceId)}`);
  return { status: response.status, lines, servers, spans };
}

function event(lines: Array<Record<string, unknown>>, name: string): Record<string, unknown> {
  const found = lines.find((line) => line.event === name);
  assert.ok(found, `no ${name} line in ${JSON.stringify(lines)}`);
  return found;
}

for (const fixture of [nodeFixture, expressFixture, fastifyFixture, honoFixture, koaFixture]) {
  describe(`tracing: ${fixture.name}`, () => {
    let server: RunningServer;
    let logs: CapturedLogs;
    let registry: Registry;
    let skip: string | undefined;

    before(async () => {
      skip = await fixture.missing?.();
      if (skip !== undefined) return;
      logs = captureLogs({ level: "debug" });
      registry = new Registry();
      server = await fixture.start({ metrics: { registry } });
    });
    after(async () => {
      if (skip === undefined) await server.close();
      resetForTests();
    });

    test("the incoming traceparent is the parent of a SERVER span named `{method} {route}`", async (t) => {
      if (skip) return t.skip(skip);
      const caller = parent();
      const { status, lines, servers } = await exchange(server, logs, "/assessments/7?token=s3cret", {
        traceparent: caller.header,
      });
      assert.equal(status, 200);
      const [span] = servers as [ReadableSpan];
      assert.equal(span.name, "GET /assessments/:id");
      assert.equal(span.spanContext().traceId, caller.traceId);
      assert.equal(span.parentSpanContext?.spanId, caller.spanId);
      assert.equal(span.parentSpanContext?.isRemote, true);
      assert.deepEqual(span.attributes, {
        "http.request.method": "GET",
        "url.path": "/assessments/7",
        "http.route": "/assessments/:id",
        "http.response.status_code": 200,
      });
      assert.equal(span.status.code, SpanStatusCode.UNSET);
      const ids = span.spanContext();
      for (const name of ["handler_log", "request_completed"]) {
        const line = event(lines, name);
        assert.equal(line.trace_id, ids.traceId, name);
        assert.equal(line.span_id, ids.spanId, name);
        assert.equal(line.trace_flags, "01", name);
      }
      const samples = await scrapeMetrics(registry);
      const exemplars = samples
        .filter((s) => s.name === "http_server_request_duration_seconds_bucket" && s.exemplar !== undefined)
        .map((s) => s.exemplar);
      assert.ok(
        exemplars.some((e) => e?.trace_id === ids.traceId && e.span_id === ids.spanId),
        "the duration histogram keeps the request's span as an exemplar",
      );
    });

    test("a failing handler sets status Error and error.type; its request_failed line has the span's ids", async (t) => {
      if (skip) return t.skip(skip);
      const { status, lines, servers } = await exchange(server, logs, "/fail-async");
      assert.equal(status, 500);
      const [span] = servers as [ReadableSpan];
      assert.equal(span.name, "GET /fail-async");
      assert.equal(span.parentSpanContext, undefined);
      assert.equal(span.status.code, SpanStatusCode.ERROR);
      assert.equal(span.attributes["error.type"], "Error");
      assert.equal(span.attributes["http.response.status_code"], 500);
      assert.equal(span.events.length, 0);
      assert.equal(event(lines, "request_failed").span_id, span.spanContext().spanId);
    });

    test("a 5xx answer is an error (error.type is the status); a 4xx is not", async (t) => {
      if (skip) return t.skip(skip);
      const unavailable = (await exchange(server, logs, "/unavailable")).servers[0] as ReadableSpan;
      assert.equal(unavailable.status.code, SpanStatusCode.ERROR);
      assert.equal(unavailable.attributes["error.type"], "503");
      const bad = (await exchange(server, logs, "/bad-request")).servers[0] as ReadableSpan;
      assert.equal(bad.status.code, SpanStatusCode.UNSET);
      assert.equal(bad.attributes["error.type"], undefined);
      assert.equal(bad.attributes["http.response.status_code"], 400);
    });

    test("an unmatched request keeps the method as its name; an unsampled parent is continued", async (t) => {
      if (skip) return t.skip(skip);
      const unmatched = (await exchange(server, logs, "/nowhere")).servers[0] as ReadableSpan;
      assert.equal(unmatched.name, "GET");
      assert.equal(unmatched.attributes["http.route"], undefined);
      // an unsampled parent: no span is recorded, but the lines still carry the trace
      const caller = parent("00");
      const response = await fetch(`${server.url}/assessments/8`, {
        headers: { traceparent: caller.header, "x-request-id": "unsampled-1" },
      });
      await response.arrayBuffer();
      await new Promise((resolve) => setTimeout(resolve, 20));
      await logs.flush();
      const line = logs.records.find((r) => r.request_id === "unsampled-1" && r.event === "request_completed");
      assert.equal(line?.trace_id, caller.traceId);
      assert.equal(line?.trace_flags, "00");
      assert.equal(
        exporter.getFinishedSpans().some((span) => span.spanContext().traceId === caller.traceId),
        false,
      );
    });
  });
}

describe("tracing: a flow inside a request", () => {
  let server: RunningServer;
  let logs: CapturedLogs;

  before(async () => {
    logs = captureLogs({ level: "debug" });
    const log = getLogger("app");
    const instrument = sightline({ metrics: false, route: () => "/checkout" });
    const http = createServer(
      instrument(async (_req, res) => {
        await flow("checkout", { cart: "c1" }, async (f) => {
          await f.step("pay", () => log.info("paying"));
        });
        res.end("ok");
      }),
    );
    await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
    server = {
      url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => http.close(() => resolve())),
    };
  });
  after(async () => {
    await server.close();
    resetForTests();
  });
  afterEach(() => exporter.reset());

  test("is a child of the SERVER span, in the incoming trace", async () => {
    const caller = parent();
    const { lines, servers, spans } = await exchange(server, logs, "/checkout", { traceparent: caller.header });
    const [request] = servers as [ReadableSpan];
    assert.equal(request.name, "GET /checkout");
    const checkout = spans.find((span) => span.name === "checkout");
    const pay = spans.find((span) => span.name === "checkout.pay");
    assert.ok(checkout && pay, spans.map((s) => s.name).join(", "));
    assert.equal(checkout.parentSpanContext?.spanId, request.spanContext().spanId);
    assert.equal(pay.parentSpanContext?.spanId, checkout.spanContext().spanId);
    for (const span of [request, checkout, pay]) assert.equal(span.spanContext().traceId, caller.traceId);
    const paying = event(lines, "paying");
    assert.equal(paying.span_id, pay.spanContext().spanId);
    assert.equal(paying.flow_id, checkout.attributes["sightline.flow.id"]);
    assert.equal(event(lines, "request_completed").span_id, request.spanContext().spanId);
  });
});
