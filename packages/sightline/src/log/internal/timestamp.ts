// hot path; bench: bench/log (every scenario)
// ISO-8601 UTC timestamps with milliseconds. Date#toISOString allocates a Date and formats every
// field; here the part up to the second is formatted once per second and the milliseconds come
// from a table.

const MILLIS = Array.from({ length: 1000 }, (_, ms) => String(ms).padStart(3, "0"));

let secondStart = -1;
let secondPrefix = "";

/** `2026-11-25T15:13:51.123Z` for now. */
export function isoTimestamp(): string {
  const now = Date.now();
  const offset = now - secondStart;
  if (offset < 0 || offset >= 1000) {
    secondStart = now - (now % 1000);
    secondPrefix = new Date(secondStart).toISOString().slice(0, 20);
    return secondPrefix + (MILLIS[now - secondStart] as string) + "Z";
  }
  return secondPrefix + (MILLIS[offset] as string) + "Z";
}
