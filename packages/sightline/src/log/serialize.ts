// hot path; bench: bench/log (every scenario)
// Writes JSON text directly while walking the value: the walker (src/redact/walker.ts) applies
// the redaction policy, the limits, cycle breaking and hostile-value handling on the way; this
// writer only decides the text. Nothing here throws to the caller.

import type { RedactionPolicy } from "../redact/index.ts";
import { createWalker, unserializable, type SerializeLimits, type ValueWriter } from "../redact/walker.ts";
import { quote } from "./internal/quote.ts";

export type { SerializeLimits } from "../redact/walker.ts";

export interface Serializer {
  /** `,"key":value` for each own enumerable field, skipping undefined values. */
  fields(fields: object): string;
  /**
   * The same, or undefined as soon as a key is found in `earlier` or `alsoEarlier`: the caller
   * then merges the scopes. Checking while writing saves a second walk over the keys.
   */
  fieldsUnlessTaken(
    fields: object,
    earlier: ReadonlySet<string>,
    alsoEarlier: ReadonlySet<string> | undefined,
  ): string | undefined;
  /** The same, from a Map of already-merged fields. */
  mapFields(fields: ReadonlyMap<string, unknown>): string;
  /** The JSON text of one field's value, redacted as if it sat under `key`; undefined to omit. */
  entry(key: string, value: unknown): string | undefined;
  /** Quoted, scrubbed and truncated string (for top-level strings). */
  string(text: string): string;
  /** The same for an event name, cached: events repeat. */
  event(name: string): string;
}

const MAX_CACHED_EVENTS = 10_000;

/** JSON text; members and items accumulate as text without their brackets. */
function jsonWriter(redacted: string): ValueWriter<string, string, string, string> {
  const member = (members: string, key: { label: string }, value: string): string =>
    members === "" ? key.label + value : `${members},${key.label}${value}`;
  return {
    label: (key) => `${quote(key)}:`,
    string: quote,
    number: (value) => (Number.isFinite(value) ? String(value) : `"${value}"`),
    boolean: (value) => (value ? "true" : "false"),
    bigint: (value) => `"${value}"`,
    null: () => "null",
    missing: () => "null",
    opaque: (_value, description) => quote(description),
    date: (value) => (Number.isNaN(value.getTime()) ? '"Invalid Date"' : `"${value.toISOString()}"`),
    binary: (value) => `"[${value.constructor.name} ${value.byteLength} bytes]"`,
    redacted: () => redacted,
    startObject: () => "",
    member,
    endObject: (members) => `{${members}}`,
    startMap: () => "",
    mapMember: (members, key, _rawKey, value) => member(members, key, value),
    endMap: (members) => `{${members}}`,
    startList: () => "",
    item: (items, value) => (items === "" ? value : `${items},${value}`),
    endList: (items, dropped) =>
      dropped === 0 ? `[${items}]` : `[${items}${items === "" ? "" : ","}"[… ${dropped} more items]"]`,
  };
}

export function createSerializer(policy: RedactionPolicy | undefined, limits: SerializeLimits): Serializer {
  const redacted = policy === undefined ? "" : quote(policy.replacement);
  const walker = createWalker(policy, limits, jsonWriter(redacted));
  const failed = (error: unknown): string => `,"sightline_error":${quote(unserializable(error))}`;

  /** Undefined as soon as a key is in `earlier` or `alsoEarlier` (never without them). */
  function writeFields(
    fields: object,
    earlier: ReadonlySet<string> | undefined,
    alsoEarlier: ReadonlySet<string> | undefined,
  ): string | undefined {
    let out = "";
    try {
      for (const name of Object.keys(fields)) {
        if (earlier !== undefined && (earlier.has(name) || alsoEarlier?.has(name) === true)) return undefined;
        const key = walker.key(name);
        const text = walker.member(fields, key, name);
        if (text !== undefined) out += `,${key.label}${text}`;
      }
    } catch (error) {
      out += failed(error);
    }
    return out;
  }

  // events are a program's constants: their JSON text is worth keeping
  const eventCache = new Map<string, string>();

  return {
    event(name) {
      let text = eventCache.get(name);
      if (text === undefined) {
        text = walker.string(name);
        if (eventCache.size >= MAX_CACHED_EVENTS) eventCache.clear();
        eventCache.set(name, text);
      }
      return text;
    },
    fields: (fields) => writeFields(fields, undefined, undefined) as string,
    fieldsUnlessTaken: writeFields,
    mapFields(fields) {
      const text = walker.mapMembers("", fields);
      return text === "" ? "" : `,${text}`;
    },
    entry(name, value) {
      if (value === undefined) return undefined;
      return walker.key(name).sensitive ? redacted : walker.value(value);
    },
    string: walker.string,
  };
}
