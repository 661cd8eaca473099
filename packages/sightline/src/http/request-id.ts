// Request ids: an incoming one is kept only when it is safe to log and echo; otherwise a UUID.

import { randomUUID } from "node:crypto";

const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** The default validator: 1–128 characters of `[A-Za-z0-9._:-]`. */
export function isSafeRequestId(id: string): boolean {
  return SAFE_ID.test(id);
}

export function generateRequestId(): string {
  return randomUUID();
}
