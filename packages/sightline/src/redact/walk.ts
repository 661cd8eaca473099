// A redacted deep copy of any value, for signals that carry objects rather than log text
// (error events, health output, flow fields). The walk is the log line's own (./walker.ts):
// the same keys are secret and cycles, depth, getters, Errors and Maps are treated alike, so a
// copy logged later is written exactly as the original would have been.

import type { RedactionPolicy } from "./policy.ts";
import { activeMaxDepth, activePolicy } from "./active-policy.ts";
import { createWalker, type KeyInfo, type ValueWriter, type Walker } from "./walker.ts";

type Members = Record<string, unknown> | Map<unknown, unknown>;
/**
 * Copies keep their shape (objects, arrays, Maps, Dates stay what they were) but for Sets,
 * which become arrays as in a line: redacting can make two members equal, and a Set would
 * merge them.
 */
function copyWriter(replacement: string): ValueWriter<unknown, string, Members, unknown[]> {
  const same = (value: unknown): unknown => value;
  return {
    label: (key) => key,
    string: same,
    number: same,
    boolean: same,
    bigint: same,
    null: () => null,
    missing: () => undefined,
    opaque: same,
    date: same,
    binary: same,
    redacted: () => replacement,
    startObject: () => ({}),
    member(members, key: KeyInfo<string>, value) {
      // an own "__proto__" member is data: assigning it would set the copy's prototype
      if (key.label === "__proto__") {
        Object.defineProperty(members, key.label, { value, enumerable: true, writable: true, configurable: true });
      } else {
        (members as Record<string, unknown>)[key.label] = value;
      }
      return members;
    },
    endObject: same,
    startMap: () => new Map(),
    mapMember: (members, _key, rawKey, value) => (members as Map<unknown, unknown>).set(rawKey, value),
    endMap: same,
    startList: () => [],
    item(items, value) {
      items.push(value);
      return items;
    },
    endList: same,
  };
}

// a copy keeps every character and item: only the depth is bounded, as in a line
const UNBOUNDED = { maxStringLength: Infinity, maxArrayLength: Infinity };

const walkers = new WeakMap<RedactionPolicy, { maxDepth: number; walker: Walker<unknown, string, Members> }>();

function walkerFor(policy: RedactionPolicy): Walker<unknown, string, Members> {
  const maxDepth = activeMaxDepth();
  let cached = walkers.get(policy);
  if (cached?.maxDepth !== maxDepth) {
    cached = { maxDepth, walker: createWalker(policy, { ...UNBOUNDED, maxDepth }, copyWriter(policy.replacement)) };
    walkers.set(policy, cached);
  }
  return cached.walker;
}

/**
 * Returns a copy of `value` with every secret replaced: values under sensitive keys at any
 * depth (objects, arrays, Maps, Sets, errors and their causes) and secrets found inside strings.
 * Never throws. The walk is a log line's: cycles become `"[Circular]"`, values nested deeper than
 * configure()'s `limits.maxDepth` `"[Truncated: depth]"`, Errors their error fields, objects with
 * `toJSON` what it returns, Sets arrays; undefined members are left out. Uses the configured
 * policy unless one is given.
 *
 * @example
 * redact({ user: "ada", password: "hunter2" }) // { user: "ada", password: "[REDACTED]" }
 * @since 0.1.0
 */
export function redact<T>(value: T, policy: RedactionPolicy | undefined = activePolicy()): T {
  if (policy === undefined) return value;
  return walkerFor(policy).value(value) as T;
}
