// One real server process for a test (PostgreSQL, Redis, Prometheus): started and stopped as
// often as the test wants, ready when its log says so, killed if the test process dies first.

import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";

export const LOG_LIMIT = 32 * 1024;
const STOP_TIMEOUT_MS = 15_000;

/** The server could not bind its port: the caller picks another one and tries again. */
export class PortTakenError extends Error {}

export interface ServerProcessOptions {
  /** For messages: `postgres`, `redis-server`. */
  name: string;
  file: string;
  args: readonly string[];
  spawnOptions?: SpawnOptions;
  /** A log line saying the server accepts connections. */
  ready: RegExp;
  /** A log line saying the port is taken. */
  portTaken: RegExp;
  /** The signal of a clean, quick shutdown (PostgreSQL: SIGINT, its fast shutdown). */
  stopSignal: NodeJS.Signals;
  startTimeoutMs: number;
}

export class ServerProcess {
  #log = "";
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #ready = false;
  readonly #killOnExit = () => this.#child?.kill("SIGKILL");
  readonly #options: ServerProcessOptions;

  constructor(options: ServerProcessOptions) {
    this.#options = options;
  }

  get running(): boolean {
    return this.#ready && this.#alive();
  }

  #alive(): boolean {
    const child = this.#child;
    return child?.pid !== undefined && child.exitCode === null && child.signalCode === null;
  }

  logs(): string {
    return this.#log.slice(-LOG_LIMIT);
  }

  async start(): Promise<void> {
    const { name, file, args, spawnOptions, ready, portTaken, startTimeoutMs } = this.#options;
    if (this.#alive()) throw new Error(`${name} is already running`);
    const child = spawn(file, args, { ...spawnOptions, stdio: ["ignore", "pipe", "pipe"] });
    this.#child = child;
    this.#ready = false;
    let spawnError: Error | undefined;
    this.#exited = new Promise((resolve) => {
      child.once("close", () => resolve());
      child.once("error", (error) => {
        spawnError = error;
        resolve();
      });
    });
    // the lines that matter since this start, and the last LOG_LIMIT characters overall
    let output = "";
    let partial = "";
    const append = (chunk: string) => {
      this.#log += chunk;
      if (this.#log.length > 2 * LOG_LIMIT) this.#log = this.#log.slice(-LOG_LIMIT);
      const lines = (partial + chunk).split("\n");
      partial = lines.pop() ?? "";
      for (const line of lines) if (ready.test(line) || portTaken.test(line)) output += `${line}\n`;
    };
    child.stdout?.setEncoding("utf8").on("data", append);
    child.stderr?.setEncoding("utf8").on("data", append);
    // a test process that dies without after() must not leave the server running
    process.removeListener("exit", this.#killOnExit);
    process.once("exit", this.#killOnExit);
    const deadline = Date.now() + startTimeoutMs;
    while (!ready.test(output)) {
      if (!this.#alive() || spawnError !== undefined) {
        await this.stop();
        if (portTaken.test(output)) throw new PortTakenError("port taken");
        throw new Error(`${name} did not start (${spawnError?.message ?? `exit ${child.exitCode}`}):\n${this.logs()}`);
      }
      if (Date.now() >= deadline) {
        await this.stop();
        throw new Error(`${name} not ready after ${startTimeoutMs} ms:\n${this.logs()}`);
      }
      await sleep(25);
    }
    this.#ready = true;
  }

  async stop(): Promise<void> {
    const child = this.#child;
    this.#ready = false;
    if (child === undefined) return;
    if (this.#alive()) {
      child.kill(this.#options.stopSignal);
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await this.#exited;
      clearTimeout(timer);
    } else {
      await this.#exited;
    }
    process.removeListener("exit", this.#killOnExit);
  }
}
