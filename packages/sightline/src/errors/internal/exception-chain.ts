// Anything thrown into Sentry's exception values: the error, its causes and AggregateError
// members, innermost first and the thrown error last, each with its parsed frames.

import type { ExceptionValue } from "../event.ts";
import { describeError, reason } from "../../internal/describe-error.ts";
import { parseStack } from "./stack.ts";

const MAX_EXCEPTIONS = 10;

function toValue(error: unknown): ExceptionValue {
  const fields = describeError(error);
  const value: ExceptionValue = {
    type: String(fields.error_type),
    value: String(fields.error_message),
  };
  const frames = parseStack(typeof fields.stack === "string" ? fields.stack : undefined);
  if (frames.length > 0) value.stacktrace = { frames };
  return value;
}

function read(target: unknown, key: "cause" | "errors"): unknown {
  try {
    return target !== null && typeof target === "object" ? (target as Record<string, unknown>)[key] : undefined;
  } catch (error) {
    return `[Unserializable: ${reason(error)}]`;
  }
}

/** The chain, breadth-first from the thrown error, then reversed into Sentry's order. */
export function exceptionChain(error: unknown, handled: boolean): ExceptionValue[] {
  const seen = new Set<unknown>();
  const values: ExceptionValue[] = [];
  const queue: Array<{ error: unknown; parent?: number; source?: string }> = [{ error }];
  while (queue.length > 0 && values.length < MAX_EXCEPTIONS) {
    const next = queue.shift() as { error: unknown; parent?: number; source?: string };
    if (next.error !== null && typeof next.error === "object") {
      if (seen.has(next.error)) continue;
      seen.add(next.error);
    }
    const id = values.length;
    const value = toValue(next.error);
    value.mechanism = { type: id === 0 ? "generic" : "chained", handled, exception_id: id };
    if (next.parent !== undefined) value.mechanism.parent_id = next.parent;
    if (next.source !== undefined) value.mechanism.source = next.source;
    values.push(value);
    const cause = read(next.error, "cause");
    if (cause !== undefined) queue.push({ error: cause, parent: id, source: "cause" });
    const members = read(next.error, "errors");
    if (Array.isArray(members)) {
      members.forEach((member, index) => queue.push({ error: member, parent: id, source: `errors[${index}]` }));
    }
  }
  return values.reverse();
}
