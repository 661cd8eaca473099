// Where the OpenTelemetry bridge plugs into histograms: it registers a function returning the
// active sampled span's `{ trace_id, span_id }`, used as the exemplar of an observation made
// without one. Without the bridge, the slot is empty: one property check per observation.

import { globalSlot } from "../../internal/global.ts";

export const exemplarHook = globalSlot<{ active: (() => Readonly<Record<string, string>> | undefined) | undefined }>(
  "metrics.exemplar",
  () => ({ active: undefined }),
);
