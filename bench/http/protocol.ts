// The IPC messages between the HTTP suite's driver and its two children: the server under test
// (http/server.ts) and the load generator (http/load.ts). Also the driver's side of the channel:
// waiting for a child's next message of a given type, with a deadline.

import type { ChildProcess } from "node:child_process";

/** What the server reports at each mark: its CPU and request count so far, and when. */
export interface ServerMark {
  readonly type: "mark";
  /** process.cpuUsage() of the server, µs (all its threads: main, GC helpers, libuv pool). */
  readonly userMicros: number;
  readonly systemMicros: number;
  /** Requests the route handler has answered since the server started. */
  readonly served: number;
  /** process.hrtime.bigint() as ms, for the window's wall time. */
  readonly atMs: number;
}

export type ServerMessage = { type: "ready"; port: number } | ServerMark | { type: "flushed"; served: number };
export type ToServer = { type: "mark" } | { type: "flush" };

/** What the load generator reports about one autocannon run. */
export interface LoadStats {
  /** Responses received, of any status. */
  readonly responses: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** autocannon's mean of its per-second request counts. */
  readonly requestsPerSecond: number;
  readonly latencyP50Ms: number;
  readonly latencyP99Ms: number;
  /** CPU the load generator itself used during the run, µs, and the run's wall time, ms. */
  readonly cpuMicros: number;
  readonly wallMs: number;
}

/** The warm-up's stats, then the measured run's. */
export type LoadMessage = ({ type: "warm" } & LoadStats) | ({ type: "done" } & LoadStats);
export type ToLoad = { type: "go" };

/**
 * The driver's end of a child's IPC channel: messages are queued as they arrive, and `next`
 * waits for the next one of a type. Rejects when the child exits first or the deadline passes.
 */
export class Channel<In extends { type: string }, Out extends object> {
  readonly #child: ChildProcess;
  readonly #what: string;
  readonly #queue: In[] = [];
  #wake: (() => void) | undefined;
  #exit: string | undefined;

  constructor(child: ChildProcess, what: string) {
    this.#child = child;
    this.#what = what;
    child.on("message", (message) => {
      this.#queue.push(message as In);
      this.#wake?.();
    });
    child.on("exit", (code, signal) => {
      this.#exit = `exited with ${code ?? signal}`;
      this.#wake?.();
    });
    child.on("error", (error) => {
      this.#exit = error.message;
      this.#wake?.();
    });
  }

  send(message: Out): void {
    this.#child.send(message);
  }

  async next<T extends In["type"]>(type: T, timeoutMs: number): Promise<Extract<In, { type: T }>> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.#queue.findIndex((message) => message.type === type);
      if (index !== -1) return this.#queue.splice(index, 1)[0] as Extract<In, { type: T }>;
      if (this.#exit !== undefined) throw new Error(`${this.#what} ${this.#exit} before its "${type}" message`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`${this.#what}: no "${type}" message within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.#wake = undefined;
    }
  }
}
