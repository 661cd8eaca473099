// What the redact suite times, and what a child run reports.

export const MODES = ["log", "redact"] as const;
export type Mode = (typeof MODES)[number];

export const MODE_TITLES: Readonly<Record<Mode, string>> = {
  log: "log one line + flush",
  redact: "`redact({ text })`",
};

export interface Timing {
  /** The first call of the process, ms. */
  coldMs: number;
  /** The median of the later calls, ms. */
  warmMs: number;
}

export interface RedactResult extends Timing {
  /** Peak resident set size of the child, KiB (building the string included). */
  maxRssKiB: number;
}
