// The policy in force, shared by every signal, and the depth every walk of a value stops at.
// configure() (src/log/configure.ts) replaces both; until then the defaults apply.

import { globalSlot } from "../internal/global.ts";
import { createRedactionPolicy, type RedactionPolicy } from "./policy.ts";

/** Nesting depth of a value before `"[Truncated: depth]"`: configure()'s `limits.maxDepth` default. */
export const DEFAULT_MAX_DEPTH = 10;

interface PolicySlot {
  policy: RedactionPolicy | undefined;
  /** Absent in a slot an older copy of Sightline made (same major, see src/internal/global.ts). */
  maxDepth?: number;
}

const slot = globalSlot<PolicySlot>("redact", () => ({ policy: createRedactionPolicy(), maxDepth: DEFAULT_MAX_DEPTH }));

/** The active policy, or undefined when redaction is turned off. */
export function activePolicy(): RedactionPolicy | undefined {
  return slot.policy;
}

/** The depth limit of log lines, which redact() keeps too: a copy is written as the line would be. */
export function activeMaxDepth(): number {
  return slot.maxDepth ?? DEFAULT_MAX_DEPTH;
}

export function setActivePolicy(policy: RedactionPolicy | undefined, maxDepth: number): void {
  slot.policy = policy;
  slot.maxDepth = maxDepth;
}
