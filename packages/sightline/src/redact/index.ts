export { redact } from "./walk.ts";
export { createRedactionPolicy } from "./policy.ts";
export type { RedactOptions, RedactionPolicy } from "./policy.ts";
export type { DetectorOptions } from "./detectors.ts";
export { DEFAULT_SENSITIVE_KEYS, DEFAULT_REPLACEMENT } from "./defaults.ts";
