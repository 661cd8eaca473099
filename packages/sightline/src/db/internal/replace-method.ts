// Instrumentation in place: a method replaced by an own, non-enumerable property of the object
// (the prototype's stays untouched), and the set of objects already instrumented.

import { globalSlot } from "../../internal/global.ts";

export type Method = (this: unknown, ...args: unknown[]) => unknown;

/** Databases, clients and pools already instrumented: instrumenting twice would count every query twice. */
export const instrumented = globalSlot("db.instrumented", () => new WeakSet<object>());

/** Puts `replacement` in place of `target[name]`; false when the object does not allow it (frozen). */
export function replaceMethod(target: object, name: string, replacement: Method): boolean {
  try {
    Object.defineProperty(target, name, { value: replacement, writable: true, configurable: true, enumerable: false });
    return true;
  } catch {
    // a frozen or sealed object: the caller reports it as not instrumented
    return false;
  }
}
