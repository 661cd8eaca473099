// Times for people: "5m ago", ISO instants without milliseconds, and `--since 30m` durations.

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** `30s`, `15m`, `1h`, `2d`, `1w` in milliseconds; undefined when it is none of those. */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d{1,9})([smhdw])$/.exec(text.trim());
  if (match === null) return undefined;
  return Number(match[1]) * (UNITS[match[2] as string] as number);
}

/** How long before `now` an instant was, in its largest whole unit: `42s ago`, `3h ago`. */
export function relativeTime(ms: number, now: number): string {
  const seconds = Math.floor((now - ms) / 1000);
  if (seconds < 1) return "just now";
  if (seconds < 60) return `${seconds}s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ago`;
  return `${Math.floor(hours / 24)}d ago`;
}

/** `2026-05-01T10:04:11Z`: the instant to the second. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** `10:04:11.912`: the UTC time of day, for breadcrumbs of one request. */
export function timeOfDay(ms: number): string {
  return new Date(ms).toISOString().slice(11, 23);
}
