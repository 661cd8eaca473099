// Every configuration error Sightline throws, in one catalogue. docs/error-codes.md mirrors this
// list and a test fails when the two differ.

/** The catalogue: code → message template (`%s` is replaced by the detail). */
export const ERROR_CODES = {
  SIGHTLINE_ERR_INVALID_LEVEL: "Invalid log level %s. Use one of: debug, info, warning, error, critical.",
  SIGHTLINE_ERR_INVALID_FORMAT: "Invalid log format %s. Use one of: auto, json, console.",
  SIGHTLINE_ERR_INVALID_OPTION: "Invalid option %s.",
  SIGHTLINE_ERR_INVALID_DESTINATION: "Invalid log destination %s.",
  SIGHTLINE_ERR_INVALID_REDACT_KEY: "Invalid redaction key %s: keys are non-empty strings.",
  SIGHTLINE_ERR_INVALID_METRIC_NAME: "Invalid metric name %s.",
  SIGHTLINE_ERR_INVALID_LABEL_NAME: "Invalid label name %s.",
  SIGHTLINE_ERR_INVALID_METRIC_OPTION: "Invalid metric option %s.",
  SIGHTLINE_ERR_DUPLICATE_METRIC: "Metric %s is already registered with a different definition.",
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** A configuration mistake, thrown at start-up with a searchable `code`. */
export class SightlineError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, detail: string) {
    super(ERROR_CODES[code].replace("%s", detail));
    this.name = "SightlineError";
    this.code = code;
  }
}
