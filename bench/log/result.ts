// What a child run reports to the driver: one stdout line (shared/child-process.ts printResult).

export interface ChildResult {
  /** Logger calls made: the line count, or (e)'s count of calls below the level. */
  calls: number;
  /** Wall time of the calls plus the final flush. */
  ms: number;
  /** Peak resident set size of the child, from process.resourceUsage(), in KiB. */
  maxRssKiB: number;
}
