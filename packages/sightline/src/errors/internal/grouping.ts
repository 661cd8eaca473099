// Fingerprints and rate limits. Repeats of one error are one group with a count; a burst is
// limited per group and globally, and what was dropped is counted.

import type { ErrorEvent } from "../event.ts";

const FINGERPRINT_FRAMES = 5;

/** Error type + the top in-app frames (function and file, no line numbers). */
export function fingerprintOf(event: ErrorEvent): string[] {
  const values = event.exception?.values;
  const top = values?.[values.length - 1];
  if (top === undefined) return [event.message?.formatted ?? "message"];
  const frames = (top.stacktrace?.frames ?? []).filter((frame) => frame.in_app);
  const parts = frames
    .slice(-FINGERPRINT_FRAMES)
    .reverse()
    .map((frame) => `${frame.function}@${frame.filename}`);
  return [top.type, ...(parts.length > 0 ? parts : [top.value])];
}

/** A group's bookkeeping. */
export interface Group {
  readonly key: string;
  count: number;
  firstSeen: number;
  lastSeen: number;
  lastEventId: string;
}

const WINDOW_MS = 60_000;

/** Fixed one-minute windows: cheap and good enough to stop a burst. */
export class RateLimiter {
  readonly #perGroup: number;
  readonly #global: number;
  #windowStart = 0;
  #globalCount = 0;
  readonly #groupCounts = new Map<string, number>();
  dropped = 0;

  constructor(perGroup: number, global: number) {
    this.#perGroup = perGroup;
    this.#global = global;
  }

  /** Whether one more event of `group` may go out now. */
  allow(group: string, now: number): boolean {
    if (now - this.#windowStart >= WINDOW_MS) {
      this.#windowStart = now;
      this.#globalCount = 0;
      this.#groupCounts.clear();
    }
    const inGroup = this.#groupCounts.get(group) ?? 0;
    if (inGroup >= this.#perGroup || this.#globalCount >= this.#global) {
      this.dropped++;
      return false;
    }
    this.#groupCounts.set(group, inGroup + 1);
    this.#globalCount++;
    return true;
  }
}
