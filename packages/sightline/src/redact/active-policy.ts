// The policy in force, shared by every signal. configure() (src/log/configure.ts) replaces it;
// until then the defaults apply.

import { globalSlot } from "../internal/global.ts";
import { createRedactionPolicy, type RedactionPolicy } from "./policy.ts";

interface PolicySlot {
  policy: RedactionPolicy | undefined;
}

const slot = globalSlot<PolicySlot>("redact", () => ({ policy: createRedactionPolicy() }));

/** The active policy, or undefined when redaction is turned off. */
export function activePolicy(): RedactionPolicy | undefined {
  return slot.policy;
}

export function setActivePolicy(policy: RedactionPolicy | undefined): void {
  slot.policy = policy;
}
