// hot path; bench: bench/log (every scenario)
// Writes JSON text directly while walking the value, applying the redaction policy on the way:
// one pass does key redaction, value detection, limits, cycle breaking and hostile-value
// handling. Nothing here throws to the caller.

import type { RedactionPolicy } from "../redact/index.ts";
import { describeError, reason } from "../internal/describe-error.ts";
import { quote } from "./internal/quote.ts";

/** Bounds that keep one line's size and cost bounded. */
export interface SerializeLimits {
  /** Nesting depth below a field before `"[Truncated: depth]"`. Default 10. */
  maxDepth: number;
  /** Characters kept of a string; the rest becomes `…[truncated N chars]`. Default 16384. */
  maxStringLength: number;
  /** Items kept of an array or Set; the rest becomes `"[… N more items]"`. Default 1000. */
  maxArrayLength: number;
}

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

interface KeyInfo {
  /** `"key":` */
  readonly json: string;
  readonly sensitive: boolean;
}

const MAX_CACHED_KEYS = 10_000;

export function createSerializer(policy: RedactionPolicy | undefined, limits: SerializeLimits): Serializer {
  const { maxDepth, maxStringLength, maxArrayLength } = limits;
  const isSensitiveKey = policy?.isSensitiveKey;
  const scrub = policy?.scrubString;
  const redacted = policy === undefined ? "" : quote(policy.replacement);
  const keyCache = new Map<string, KeyInfo>();
  // objects being walked, for "[Circular]"; bounded by maxDepth so `includes` stays cheap
  const ancestors: object[] = [];

  function keyInfo(key: string): KeyInfo {
    let info = keyCache.get(key);
    if (info === undefined) {
      info = { json: `${quote(key)}:`, sensitive: isSensitiveKey !== undefined && isSensitiveKey(key) };
      if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
      keyCache.set(key, info);
    }
    return info;
  }

  function writeString(text: string): string {
    if (text.length > maxStringLength) {
      text = `${text.slice(0, maxStringLength)}…[truncated ${text.length - maxStringLength} chars]`;
    }
    return quote(scrub === undefined ? text : scrub(text));
  }

  function writeValue(value: unknown, depth: number): string | undefined {
    switch (typeof value) {
      case "string":
        return writeString(value);
      case "number":
        return Number.isFinite(value) ? String(value) : `"${value}"`;
      case "boolean":
        return value ? "true" : "false";
      case "object":
        return value === null ? "null" : writeObject(value, depth);
      case "undefined":
        return undefined;
      case "bigint":
        return `"${value}"`;
      case "symbol":
        return writeString(value.toString());
      case "function":
        return writeString(`[Function: ${value.name || "anonymous"}]`);
    }
  }

  function writeObject(value: object, depth: number): string {
    if (ancestors.includes(value)) return '"[Circular]"';
    if (depth >= maxDepth) return '"[Truncated: depth]"';
    ancestors.push(value);
    try {
      return writeObjectBody(value, depth + 1);
    } catch (error) {
      return quote(`[Unserializable: ${reason(error)}]`);
    } finally {
      ancestors.pop();
    }
  }

  function writeObjectBody(value: object, depth: number): string {
    if (Array.isArray(value)) return writeList(value, value.length, depth);
    if (value instanceof Error) return `{${writeFields(describeError(value), depth)}}`;
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? '"Invalid Date"' : `"${value.toISOString()}"`;
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
      return `"[${value.constructor.name} ${value.byteLength} bytes]"`;
    }
    if (value instanceof Map) return `{${writeMap(value, depth)}}`;
    if (value instanceof Set) return writeList(value, value.size, depth);
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === "function") return writeValue(toJSON.call(value), depth) ?? "null";
    return `{${writeFields(value, depth)}}`;
  }

  function writeList(items: Iterable<unknown>, size: number, depth: number): string {
    let out = "[";
    let index = 0;
    for (const item of items) {
      if (index === maxArrayLength) break;
      out += (index === 0 ? "" : ",") + (writeValue(item, depth) ?? "null");
      index++;
    }
    if (size > maxArrayLength) out += `,"[… ${size - maxArrayLength} more items]"`;
    return `${out}]`;
  }

  /** The members of an object without braces: `"a":1,"b":2`. */
  function writeFields(value: object, depth: number): string {
    let out = "";
    for (const key of Object.keys(value)) {
      const member = writeMember(keyInfo(key), value, key, depth);
      if (member !== undefined) out += out === "" ? member : `,${member}`;
    }
    return out;
  }

  function writeMap(map: ReadonlyMap<unknown, unknown>, depth: number): string {
    let out = "";
    const seen = new Set<string>();
    for (const [rawKey, item] of map) {
      const key = typeof rawKey === "string" ? rawKey : safeKey(rawKey);
      if (seen.has(key)) continue; // 1 and "1" would collide in JSON
      seen.add(key);
      const info = keyInfo(key);
      const text = info.sensitive ? redacted : writeValue(item, depth);
      if (text !== undefined) out += (out === "" ? "" : ",") + info.json + text;
    }
    return out;
  }

  function writeMember(info: KeyInfo, holder: object, key: string, depth: number): string | undefined {
    let item: unknown;
    try {
      item = (holder as Record<string, unknown>)[key];
    } catch (error) {
      return info.json + quote(`[Unserializable: ${reason(error)}]`);
    }
    if (item === undefined) return undefined;
    if (info.sensitive) return info.json + redacted;
    const text = writeValue(item, depth);
    return text === undefined ? undefined : info.json + text;
  }

  function safeKey(key: unknown): string {
    try {
      return typeof key === "symbol" ? key.toString() : String(key);
    } catch (error) {
      return `[Unserializable: ${reason(error)}]`;
    }
  }

  // events are a program's constants: their JSON text is worth keeping
  const eventCache = new Map<string, string>();

  return {
    event(name) {
      let text = eventCache.get(name);
      if (text === undefined) {
        text = writeString(name);
        if (eventCache.size >= MAX_CACHED_KEYS) eventCache.clear();
        eventCache.set(name, text);
      }
      return text;
    },
    fields(fields) {
      let out = "";
      try {
        for (const key of Object.keys(fields)) {
          const member = writeMember(keyInfo(key), fields, key, 0);
          if (member !== undefined) out += `,${member}`;
        }
      } catch (error) {
        out += `,"sightline_error":${quote(`[Unserializable: ${reason(error)}]`)}`;
      }
      return out;
    },
    fieldsUnlessTaken(fields, earlier, alsoEarlier) {
      let out = "";
      try {
        for (const key of Object.keys(fields)) {
          if (earlier.has(key) || (alsoEarlier !== undefined && alsoEarlier.has(key))) return undefined;
          const member = writeMember(keyInfo(key), fields, key, 0);
          if (member !== undefined) out += `,${member}`;
        }
      } catch (error) {
        out += `,"sightline_error":${quote(`[Unserializable: ${reason(error)}]`)}`;
      }
      return out;
    },
    mapFields(fields) {
      const text = writeMap(fields, 0);
      return text === "" ? "" : `,${text}`;
    },
    entry(key, value) {
      if (value === undefined) return undefined;
      return keyInfo(key).sensitive ? redacted : writeValue(value, 0);
    },
    string: writeString,
  };
}
