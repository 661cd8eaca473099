export { Counter, BoundCounter } from "./counter.ts";
export { Gauge, BoundGauge } from "./gauge.ts";
export type { GaugeOptions } from "./gauge.ts";
export { Histogram, BoundHistogram, DEFAULT_BUCKETS } from "./histogram.ts";
export type { HistogramOptions } from "./histogram.ts";
export { Registry, acceptsOpenMetrics, OPENMETRICS_CONTENT_TYPE, PROMETHEUS_CONTENT_TYPE } from "./registry.ts";
export type { Exposition, RegistryOptions } from "./registry.ts";
export type { MetricOptions, Exemplar, MetricType } from "./metric.ts";
export { Metric } from "./metric.ts";
export type { LabelValues } from "./series.ts";
export { registry } from "./default.ts";
export { metricsHandler } from "./handler.ts";
export type { MetricsHandlerOptions, PromClientRegistryLike } from "./handler.ts";
export { collectRuntimeMetrics } from "./runtime.ts";
export type { RuntimeMetricsOptions } from "./runtime.ts";
export { clusterMetrics, serveClusterWorker } from "./cluster.ts";
export type {
  ClusterAggregation,
  ClusterHandlerOptions,
  ClusterMetrics,
  ClusterMetricsOptions,
  ServeClusterWorkerOptions,
} from "./cluster.ts";
