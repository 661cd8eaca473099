// Flows as spans: the flow is a span (a child of the active one), each step a child of the
// flow's span, each active while its function runs so that nested spans and lines follow.

import { context, trace, type Attributes, type Tracer } from "@opentelemetry/api";
// the hook flow() calls: internal to src/flow, implemented here
import type { FlowSpan, FlowTracing, StepSpan } from "../internal/tracing-seam.ts";
import { redact } from "../redact/index.ts";
import { markFailed } from "./failure.ts";

/** The flow's name and id, and its primitive fields (redacted) under their own names. */
function flowAttributes(name: string, id: string, fields: Readonly<Record<string, unknown>>): Attributes {
  const attributes: Attributes = {};
  const safe = redact(fields);
  for (const key of Object.keys(safe)) {
    const value = safe[key];
    if (
      typeof value === "string" ||
      typeof value === "boolean" ||
      (typeof value === "number" && Number.isFinite(value))
    ) {
      attributes[key] = value;
    }
  }
  attributes["sightline.flow.name"] = name;
  attributes["sightline.flow.id"] = id;
  return attributes;
}

export function createFlowTracing(tracer: () => Tracer): FlowTracing {
  return {
    startFlow(name, id, fields): FlowSpan {
      const parent = context.active();
      const span = tracer().startSpan(name, { attributes: flowAttributes(name, id, fields) }, parent);
      const active = trace.setSpan(parent, span);
      return {
        run: (fn) => context.with(active, fn),
        startStep(step): StepSpan {
          const attributes = { "sightline.flow.name": name, "sightline.flow.id": id, "sightline.flow.step": step };
          const stepParent = trace.setSpan(context.active(), span);
          const stepSpan = tracer().startSpan(`${name}.${step}`, { attributes }, stepParent);
          const stepActive = trace.setSpan(stepParent, stepSpan);
          return {
            run: (fn) => context.with(stepActive, fn),
            end(error?: unknown) {
              if (error !== undefined) markFailed(stepSpan, error);
              stepSpan.end();
            },
          };
        },
        end(error?: unknown) {
          if (error !== undefined) markFailed(span, error);
          span.end();
        },
      };
    },
  };
}
