// What one measured run of the HTTP suite gives (one fresh server, one load-generator process).

import type { ContenderId } from "./contenders.ts";

export interface HttpRun {
  readonly contender: ContenderId;
  /** The round (1-based): every contender runs once per round; pairs are taken within a round. */
  readonly round: number;
  /** Requests the server answered per second of the measured window (its own count and clock). */
  readonly requestsPerSecond: number;
  /** The server's CPU (user + system, all threads) over the window ÷ requests answered in it, µs. */
  readonly cpuMicrosPerRequest: number;
  /** The part of it spent in the kernel (system time), µs: mostly socket reads and writes. */
  readonly systemMicrosPerRequest: number;
  /** The server's CPU over the window ÷ its wall time: 1 is one core busy all the time. */
  readonly serverCores: number;
  /** The load generator's CPU over its run ÷ its wall time. */
  readonly loadCores: number;
  /**
   * CPU the rest of the machine used during the window (all CPUs' busy time from /proc/stat,
   * less the server's and the load generator's), in cores; undefined off Linux. Near 0 on a
   * quiet machine: more means other work competed with the run.
   */
  readonly otherCores: number | undefined;
  readonly latencyP99Ms: number;
  /** Log lines in the contender's file ÷ requests answered (warm-up included); 0 when it logs nothing. */
  readonly linesPerRequest: number;
  /** Requests its metrics counted for the route ÷ requests answered; undefined without metrics. */
  readonly countedPerRequest: number | undefined;
}
