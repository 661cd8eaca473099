import { SightlineError } from "../internal/errors.ts";
import { DEFAULT_REPLACEMENT, DEFAULT_SENSITIVE_KEYS } from "./defaults.ts";
import { createStringScrubber, type DetectorOptions } from "./detectors.ts";
import { createKeyMatcher } from "./key-matcher.ts";

/** How secrets are found and what replaces them. One policy serves every signal. */
export interface RedactOptions {
  /** Extra sensitive key names, added to the defaults. */
  keys?: readonly string[];
  /** Key names never redacted, even when they contain a sensitive word (`token_count`). */
  allow?: readonly string[];
  /** Set to false to drop the default key list and use `keys` alone. Default true. */
  defaultKeys?: boolean;
  /** The text that replaces a secret. Default `"[REDACTED]"`. */
  replacement?: string;
  /** Value detectors, each on unless set to false. `false` turns all of them off. */
  detectors?: DetectorOptions | false;
}

/** A compiled policy: what the serializer and `redact()` consult. */
export interface RedactionPolicy {
  readonly replacement: string;
  isSensitiveKey(key: string): boolean;
  /** Present when some detector is on; returns the input itself when it found nothing. */
  readonly scrubString: ((text: string) => string) | undefined;
}

function checkKeys(keys: unknown, option: string): readonly string[] {
  if (keys === undefined) return [];
  if (!Array.isArray(keys))
    throw new SightlineError("SIGHTLINE_ERR_INVALID_REDACT_KEY", `${option}: expected an array`);
  for (const key of keys) {
    if (typeof key !== "string" || key.trim() === "") {
      throw new SightlineError("SIGHTLINE_ERR_INVALID_REDACT_KEY", `${JSON.stringify(key)} in ${option}`);
    }
  }
  return keys as string[];
}

/** Compiles redaction options into a policy; throws a coded error on bad options. */
export function createRedactionPolicy(options: RedactOptions = {}): RedactionPolicy {
  const keys = checkKeys(options.keys, "redact.keys");
  const allow = checkKeys(options.allow, "redact.allow");
  const replacement = options.replacement ?? DEFAULT_REPLACEMENT;
  if (typeof replacement !== "string") {
    throw new SightlineError("SIGHTLINE_ERR_INVALID_OPTION", "redact.replacement: expected a string");
  }
  const sensitive = options.defaultKeys === false ? keys : [...DEFAULT_SENSITIVE_KEYS, ...keys];
  const isSensitiveKey = createKeyMatcher(sensitive, allow);
  const scrubString =
    options.detectors === false
      ? undefined
      : createStringScrubber(options.detectors ?? {}, replacement, isSensitiveKey);
  return { replacement, isSensitiveKey, scrubString };
}
