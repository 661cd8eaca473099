// hot path; bench: bench/log (every scenario), bench/redact
// The one walk over a user's value. Every signal that takes a value (a log line, a redacted copy
// for an error event, health details, span attributes) walks it here, so the rules are the same
// everywhere: which keys are secret, what a cycle, a deep value, a throwing getter, an Error, a
// Map, a BigInt becomes. Only the output differs, and a ValueWriter decides it: JSON text for a
// log line (src/log/serialize.ts), a plain copy for redact() (./walk.ts). Nothing here throws.

import { describeError, reason } from "../internal/describe-error.ts";
import type { RedactionPolicy } from "./policy.ts";

/** Bounds that keep one value's size and cost bounded. */
export interface SerializeLimits {
  /** Nesting depth below a field before `"[Truncated: depth]"`. Default 10. */
  maxDepth: number;
  /** Characters kept of a string; the rest becomes `…[truncated N chars]`. Default 16384. */
  maxStringLength: number;
  /** Items kept of an array or Set; the rest becomes `"[… N more items]"`. Default 1000. */
  maxArrayLength: number;
}

/** A member key as the writer labels it (`"key":` for JSON), and whether its value is secret. */
export interface KeyInfo<Label> {
  readonly label: Label;
  readonly sensitive: boolean;
}

/**
 * What a walk produces. `Out` is one written value; `Members` and `Items` accumulate an object's
 * members and a list's items (a string for JSON, a mutable container for a copy): each add
 * returns the accumulator to use next.
 */
export interface ValueWriter<Out, Label, Members, Items> {
  label(key: string): Label;
  /** A string already scrubbed and truncated, or one of the walker's notes (`"[Circular]"`). */
  string(text: string): Out;
  number(value: number): Out;
  boolean(value: boolean): Out;
  bigint(value: bigint): Out;
  null(): Out;
  /** What stands for an array item or Set member that is undefined. */
  missing(): Out;
  /** A symbol or function, with the walker's scrubbed description of it. */
  opaque(value: symbol | CallableFunction, description: string): Out;
  date(value: Date): Out;
  binary(value: ArrayBufferView | ArrayBuffer): Out;
  /** The policy's replacement, for a value under a sensitive key. */
  redacted(): Out;
  startObject(): Members;
  member(members: Members, key: KeyInfo<Label>, value: Out): Members;
  endObject(members: Members): Out;
  /** A Map: members keyed by the stringified key; `rawKey` for writers that keep the Map. */
  startMap(): Members;
  mapMember(members: Members, key: KeyInfo<Label>, rawKey: unknown, value: Out): Members;
  endMap(members: Members): Out;
  startList(): Items;
  item(items: Items, value: Out): Items;
  /** `dropped` items were left out by `maxArrayLength` (0 when none were). */
  endList(items: Items, dropped: number): Out;
}

export interface Walker<Out, Label, Members> {
  /** The cached label and sensitivity of a member key. */
  key(key: string): KeyInfo<Label>;
  /** `value` as a field value (depth 0); undefined for undefined. */
  value(value: unknown): Out | undefined;
  /** `holder[key]` read guardedly, redacted when the key is sensitive; undefined to omit. */
  member(holder: object, key: KeyInfo<Label>, name: string): Out | undefined;
  /** A Map's entries added to `members` as field values (depth 0). */
  mapMembers(members: Members, map: ReadonlyMap<unknown, unknown>): Members;
  /** `text` scrubbed and truncated. */
  string(text: string): Out;
}

const MAX_CACHED_KEYS = 10_000;

const CIRCULAR = "[Circular]";
const TRUNCATED_DEPTH = "[Truncated: depth]";

/** The text that stands for a value that could not be read. */
export function unserializable(error: unknown): string {
  return `[Unserializable: ${reason(error)}]`;
}

export function createWalker<Out, Label, Members, Items>(
  policy: RedactionPolicy | undefined,
  limits: SerializeLimits,
  writer: ValueWriter<Out, Label, Members, Items>,
): Walker<Out, Label, Members> {
  const { maxDepth, maxStringLength, maxArrayLength } = limits;
  const isSensitiveKey = policy?.isSensitiveKey;
  const scrub = policy?.scrubString;
  const keyCache = new Map<string, KeyInfo<Label>>();
  // objects being walked, for "[Circular]"; bounded by maxDepth so `includes` stays cheap
  const ancestors: object[] = [];

  function key(name: string): KeyInfo<Label> {
    let info = keyCache.get(name);
    if (info === undefined) {
      info = { label: writer.label(name), sensitive: isSensitiveKey !== undefined && isSensitiveKey(name) };
      if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
      keyCache.set(name, info);
    }
    return info;
  }

  /** Truncated before it is scrubbed: a hostile string costs the scanners maxStringLength at most. */
  function clean(text: string): string {
    if (text.length > maxStringLength) {
      text = `${text.slice(0, maxStringLength)}…[truncated ${text.length - maxStringLength} chars]`;
    }
    return scrub === undefined ? text : scrub(text);
  }

  function string(text: string): Out {
    return writer.string(clean(text));
  }

  function walk(value: unknown, depth: number): Out | undefined {
    switch (typeof value) {
      case "string":
        return string(value);
      case "number":
        return writer.number(value);
      case "boolean":
        return writer.boolean(value);
      case "object":
        return value === null ? writer.null() : walkObject(value, depth);
      case "undefined":
        return undefined;
      case "bigint":
        return writer.bigint(value);
      case "symbol":
        return writer.opaque(value, clean(value.toString()));
      case "function":
        return writer.opaque(value, clean(`[Function: ${value.name || "anonymous"}]`));
    }
  }

  function walkObject(value: object, depth: number): Out {
    if (ancestors.includes(value)) return writer.string(CIRCULAR);
    if (depth >= maxDepth) return writer.string(TRUNCATED_DEPTH);
    ancestors.push(value);
    try {
      return walkObjectBody(value, depth + 1);
    } catch (error) {
      return writer.string(unserializable(error));
    } finally {
      ancestors.pop();
    }
  }

  function walkObjectBody(value: object, depth: number): Out {
    if (Array.isArray(value)) return walkList(value, value.length, depth);
    if (value instanceof Error) return walkFields(describeError(value), depth);
    if (value instanceof Date) return writer.date(value);
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return writer.binary(value);
    if (value instanceof Map) return writer.endMap(walkMap(writer.startMap(), value, depth));
    if (value instanceof Set) return walkList(value, value.size, depth);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") {
      const out = walk(toJSON.call(value), depth);
      return out === undefined ? writer.null() : out;
    }
    return walkFields(value, depth);
  }

  function walkList(values: Iterable<unknown>, size: number, depth: number): Out {
    let items = writer.startList();
    let index = 0;
    for (const item of values) {
      if (index === maxArrayLength) break;
      const out = walk(item, depth);
      items = writer.item(items, out === undefined ? writer.missing() : out);
      index++;
    }
    return writer.endList(items, size > maxArrayLength ? size - maxArrayLength : 0);
  }

  function walkFields(value: object, depth: number): Out {
    let members = writer.startObject();
    for (const name of Object.keys(value)) {
      const info = key(name);
      const item = member(value, info, name, depth);
      if (item !== undefined) members = writer.member(members, info, item);
    }
    return writer.endObject(members);
  }

  function walkMap(members: Members, map: ReadonlyMap<unknown, unknown>, depth: number): Members {
    // keys as JSON has them: 1 and "1" collide, and the first one wins
    const seen = new Set<string>();
    for (const [rawKey, item] of map) {
      const name = typeof rawKey === "string" ? rawKey : stringKey(rawKey);
      if (seen.has(name)) continue;
      seen.add(name);
      if (item === undefined) continue;
      const info = key(name);
      const out = info.sensitive ? writer.redacted() : walk(item, depth);
      if (out !== undefined) members = writer.mapMember(members, info, rawKey, out);
    }
    return members;
  }

  function member(holder: object, info: KeyInfo<Label>, name: string, depth: number): Out | undefined {
    let item: unknown;
    try {
      item = (holder as Record<string, unknown>)[name];
    } catch (error) {
      return writer.string(unserializable(error));
    }
    if (item === undefined) return undefined;
    return info.sensitive ? writer.redacted() : walk(item, depth);
  }

  function stringKey(rawKey: unknown): string {
    try {
      return typeof rawKey === "symbol" ? rawKey.toString() : String(rawKey);
    } catch (error) {
      return unserializable(error);
    }
  }

  return {
    key,
    value: (value) => walk(value, 0),
    member: (holder, info, name) => member(holder, info, name, 0),
    mapMembers: (members, map) => walkMap(members, map, 0),
    string,
  };
}
