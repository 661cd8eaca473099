// flow_duration_seconds{flow,outcome} and flow_step_duration_seconds{flow,step,outcome}, in the
// default registry, created on first use.

// the two modules it needs, not the metrics face: the root import stays light (no runtime or
// cluster metrics, no node:http)
import { registry } from "../metrics/default.ts";
import { Histogram } from "../metrics/histogram.ts";

export interface FlowMetrics {
  flow: Histogram<"flow" | "outcome">;
  step: Histogram<"flow" | "step" | "outcome">;
}

let metrics: FlowMetrics | undefined;

export function flowMetrics(): FlowMetrics {
  // made again when the registry was cleared since (tests do); it returns registered ones as they are
  if (metrics !== undefined && registry.get("flow_duration_seconds") === metrics.flow) return metrics;
  metrics = {
    flow: new Histogram({
      name: "flow_duration_seconds",
      help: "Duration of flows (multi-step operations), by outcome: completed, failed, skipped.",
      unit: "seconds",
      labelNames: ["flow", "outcome"],
      registers: [registry],
    }),
    step: new Histogram({
      name: "flow_step_duration_seconds",
      help: "Duration of flow steps, by outcome.",
      unit: "seconds",
      labelNames: ["flow", "step", "outcome"],
      registers: [registry],
    }),
  };
  return metrics;
}
