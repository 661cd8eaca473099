// The OpenTelemetry SDK registered globally with an in-memory exporter, and Sightline's bridge
// on, for the test file that calls it; everything is undone after the file's tests.

import { after } from "node:test";
import { context, trace } from "@opentelemetry/api";
import { AsyncLocalStorageContextManager } from "@opentelemetry/context-async-hooks";
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-base";
import { disableTracing, enableTracing } from "../../src/tracing/index.ts";

/** Installs the SDK and enableTracing(); returns the exporter the spans land in, and the provider. */
export function installInMemoryTracing(): { exporter: InMemorySpanExporter; provider: BasicTracerProvider } {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(provider);
  enableTracing();
  after(async () => {
    disableTracing();
    await provider.shutdown();
    trace.disable();
    context.disable();
  });
  return { exporter, provider };
}
