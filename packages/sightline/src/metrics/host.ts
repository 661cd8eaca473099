// What a metric needs of the registries it joins, as an interface: registry.ts implements it and
// imports the metric classes (for its overflow counter), so metric.ts must not import registry.ts.
// The default registry is provided here by registry.ts when it loads.

import { globalSlot } from "../internal/global.ts";

/** A registry as a metric sees it. `M` is the metric type (metric.ts's Metric). */
export interface MetricHost<M> {
  /** Adds the metric, or returns the identical one registered before it. */
  adopt(metric: M): M;
  /** Counts a label set that went to `metric`'s overflow series. */
  countOverflow(metric: string): void;
}

const provider = globalSlot<{ get: (() => unknown) | undefined }>("metrics.default-host", () => ({
  get: undefined,
}));

/** registry.ts's default registry, for metrics created without `registers`. */
export function provideDefaultHost<M>(get: () => MetricHost<M>): void {
  provider.get = get;
}

export function defaultHost<M>(): MetricHost<M> {
  if (provider.get === undefined) throw new Error("sightline: the metrics registry module is not loaded");
  return provider.get() as MetricHost<M>;
}
