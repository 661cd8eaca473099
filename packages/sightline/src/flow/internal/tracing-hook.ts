// Where the OpenTelemetry bridge plugs into flows: it registers a FlowTracing here, and flow()
// starts a span per flow and per step through it. Without the bridge, nothing is traced.

import { globalSlot } from "../../internal/global.ts";

export interface StepSpan {
  /** Runs `fn` (the step's function) with this span as the active one. */
  run<R>(fn: () => R): R;
  end(error?: unknown): void;
}

export interface FlowSpan {
  /** Runs `fn` (the flow's body) with this span as the active one. */
  run<R>(fn: () => R): R;
  startStep(name: string): StepSpan;
  end(error?: unknown): void;
}

export interface FlowTracing {
  startFlow(name: string, id: string, fields: Readonly<Record<string, unknown>>): FlowSpan;
}

const slot = globalSlot<{ tracing: FlowTracing | undefined }>("flow.tracing", () => ({ tracing: undefined }));

export function flowTracing(): FlowTracing | undefined {
  return slot.tracing;
}

export function setFlowTracing(tracing: FlowTracing | undefined): void {
  slot.tracing = tracing;
}
