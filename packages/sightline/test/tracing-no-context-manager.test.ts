// The bridge with a tracer provider but no context manager registered (a half-done SDK setup):
// spans cannot be made active, so lines get no span_id, but the request's trace id still flows
// into every line through Sightline's own context, once per line.

import assert from "node:assert/strict";
import { after, test } from "node:test";
import { trace } from "@opentelemetry/api";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { nodeFixture } from "./http-conformance/adapters/node.ts";
import { captureLogs, resetForTests } from "../src/testing/index.ts";
import { disableTracing, enableTracing } from "../src/tracing/index.ts";
import { parseStrictJson } from "./helpers/strict-json.ts";

const exporter = new InMemorySpanExporter();
const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
trace.setGlobalTracerProvider(provider);
enableTracing();

after(async () => {
  disableTracing();
  await provider.shutdown();
  trace.disable();
  resetForTests();
});

test("without a context manager, the request's trace id is still on every line", async () => {
  const logs = captureLogs();
  const server = await nodeFixture.start({ metrics: false });
  const traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
  try {
    const response = await fetch(`${server.url}/assessments/1`, {
      headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` },
    });
    await response.arrayBuffer();
    await new Promise((resolve) => setTimeout(resolve, 20));
  } finally {
    await server.close();
  }
  await logs.flush();
  const lines = logs
    .text()
    .trim()
    .split("\n")
    .map((text) => parseStrictJson(text) as Record<string, unknown>);
  assert.deepEqual(
    lines.map((line) => [line.event, line.trace_id]),
    [
      ["handler_log", traceId],
      ["request_completed", traceId],
    ],
  );
  await provider.forceFlush();
  const [span] = exporter.getFinishedSpans();
  assert.equal(span?.name, "GET /assessments/:id");
  assert.equal(span.spanContext().traceId, traceId);
});
