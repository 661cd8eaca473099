import type { TSESTree } from "@typescript-eslint/utils";
import { calleeName } from "./callee-name.ts";
import type { SightlineSettings } from "./settings.ts";

/** `captureException(e)`, `Sentry.captureMessage(...)`: a report to the error tracker. */
export function isCaptureCall(call: TSESTree.CallExpression, settings: SightlineSettings): boolean {
  const name = calleeName(call);
  return name !== undefined && settings.captures.has(name);
}
