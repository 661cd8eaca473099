// The root face of `sightline`: logging, context and redaction. Other capabilities have their
// own subpaths (sightline/metrics, sightline/errors, ...), so users pay only for what they use.

export { configure, getLogger, flush, getDroppedCount, Logger, LEVELS, DROP } from "./log/index.ts";
export type {
  ConfigureOptions,
  Fields,
  LevelName,
  SerializeLimits,
  DestinationOption,
  LogProcessor,
  LogLine,
} from "./log/index.ts";
export { withContext, bindContext, unbindContext, clearContext, getContext } from "./context/index.ts";
export { redact, DEFAULT_SENSITIVE_KEYS } from "./redact/index.ts";
export { flow } from "./flow/index.ts";
export type { Flow } from "./flow/index.ts";
export type { RedactOptions, DetectorOptions } from "./redact/index.ts";
export { SightlineError } from "./internal/errors.ts";
export type { ErrorCode } from "./internal/errors.ts";
