// Defaults of configure(). README "Logging" documents them: change both together.

import { DEFAULT_MAX_DEPTH } from "../redact/active-policy.ts";
import type { SerializeLimits } from "./serialize.ts";

export const DEFAULT_LEVEL = "info";
export const DEFAULT_LOGGER_NAME = "app";

export const DEFAULT_LIMITS: SerializeLimits = {
  maxDepth: DEFAULT_MAX_DEPTH,
  maxStringLength: 16 * 1024,
  maxArrayLength: 1000,
};

/** Bytes a stalled destination may hold before lines are dropped (and counted). */
export const DEFAULT_MAX_BUFFER_BYTES = 16 * 1024 * 1024;

/** How long the exit flush may wait for a slow destination. */
export const DEFAULT_EXIT_TIMEOUT_MS = 3000;

/** Keys every line starts with. A user field with one of these names gets a trailing `_`. */
export const RESERVED_KEYS: ReadonlySet<string> = new Set(["timestamp", "level", "event", "logger"]);
