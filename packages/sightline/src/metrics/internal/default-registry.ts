// The default registry lives in the process-wide slot, so two copies of the library (or a
// module loaded twice) count into one registry.

import { globalSlot } from "../../internal/global.ts";
import { Registry } from "../registry.ts";

export function defaultRegistry(): Registry {
  return globalSlot("metrics.registry", () => new Registry());
}
