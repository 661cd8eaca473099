// A redacted deep copy of any value, for signals that carry objects rather than log text
// (error events, health output, flow fields). Log lines do not come here: the serializer
// applies the same policy while it writes (src/log/serialize.ts).

import { describeError } from "../internal/describe-error.ts";
import type { RedactionPolicy } from "./policy.ts";
import { activePolicy } from "./active-policy.ts";

const MAX_DEPTH = 32;

/**
 * Returns a copy of `value` with every secret replaced: values under sensitive keys at any
 * depth (objects, arrays, Maps, Sets, errors and their causes) and secrets found inside strings.
 * Never throws; cycles become `"[Circular]"`. Uses the configured policy unless one is given.
 *
 * @example
 * redact({ user: "ada", password: "hunter2" }) // { user: "ada", password: "[REDACTED]" }
 * @since 0.1.0
 */
export function redact<T>(value: T, policy: RedactionPolicy | undefined = activePolicy()): T {
  if (policy === undefined) return value;
  const ancestors: object[] = [];
  const { isSensitiveKey, scrubString, replacement } = policy;

  function copy(item: unknown, depth: number): unknown {
    if (typeof item === "string") return scrubString === undefined ? item : scrubString(item);
    if (item === null || typeof item !== "object") return item;
    if (ancestors.includes(item)) return "[Circular]";
    if (depth >= MAX_DEPTH) return "[Truncated: depth]";
    ancestors.push(item);
    try {
      return copyObject(item, depth + 1);
    } catch (error) {
      return `[Unserializable: ${error instanceof Error ? error.message : String(error)}]`;
    } finally {
      ancestors.pop();
    }
  }

  function copyObject(item: object, depth: number): unknown {
    if (Array.isArray(item)) return item.map((member) => copy(member, depth));
    if (item instanceof Map) {
      const out = new Map<unknown, unknown>();
      for (const [key, member] of item) {
        out.set(key, typeof key === "string" && isSensitiveKey(key) ? replacement : copy(member, depth));
      }
      return out;
    }
    if (item instanceof Set) return new Set([...item].map((member) => copy(member, depth)));
    if (item instanceof Error) return copyFields(describeError(item), depth);
    if (item instanceof Date || ArrayBuffer.isView(item) || item instanceof ArrayBuffer) return item;
    return copyFields(item, depth);
  }

  function copyFields(item: object, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(item)) {
      let member: unknown;
      try {
        member = (item as Record<string, unknown>)[key];
      } catch (error) {
        member = `[Unserializable: ${error instanceof Error ? error.message : String(error)}]`;
      }
      out[key] = isSensitiveKey(key) ? replacement : copy(member, depth);
    }
    return out;
  }

  return copy(value, 0) as T;
}
