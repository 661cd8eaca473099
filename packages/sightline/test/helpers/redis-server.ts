// A real Redis server for tests: Debian's `redis-server` package, found on PATH. startRedis()
// writes a configuration (127.0.0.1 only, a free port, a random password, no persistence) into a
// temporary directory and waits until the server accepts connections. stop() ends it (SIGTERM,
// SIGKILL as a last resort); start() brings it back on the same port and directory; remove() ends
// it and deletes the directory. Tests skip, saying why, when the binary is missing: see
// redisMissing().

import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { findExecutable, freePort } from "./prometheus-server.ts";

const INSTALL_HINT = "apt-get install redis-server";
const LOG_LIMIT = 32 * 1024;
const START_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 15_000;
const READY = /Ready to accept connections/;
const PORT_TAKEN = /Address already in use/;

/** Why Redis tests must be skipped, or undefined when redis-server is installed. */
export function redisMissing(): string | undefined {
  return findExecutable("redis-server") === undefined ? `redis-server not installed (${INSTALL_HINT})` : undefined;
}

export interface RunningRedis {
  readonly host: "127.0.0.1";
  readonly port: number;
  /** `requirepass` of the server. */
  readonly password: string;
  /** True between a successful start and a stop (or an unexpected exit). */
  readonly running: boolean;
  /** Ends the server (SIGTERM); the directory is kept. */
  stop(): Promise<void>;
  /** Starts the server again on the same port; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server and deletes its directory. Safe to call twice. */
  remove(): Promise<void>;
  /** The last lines Redis logged (for failure messages). */
  logs(): string;
}

class PortTakenError extends Error {}

/**
 * Starts redis-server on a free 127.0.0.1 port with a temporary directory and a password.
 *
 * @example
 * const redis = await startRedis();
 * const client = new Redis({ host: redis.host, port: redis.port, password: redis.password });
 * await redis.stop(); // ... await redis.start();
 * await redis.remove();
 */
export async function startRedis(): Promise<RunningRedis> {
  const binary = findExecutable("redis-server");
  if (binary === undefined) throw new Error(redisMissing());
  const dir = await mkdtemp(path.join(os.tmpdir(), "sightline-redis-"));
  try {
    const password = randomBytes(18).toString("base64url");
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      const configFile = path.join(dir, "redis.conf");
      const config = [
        "bind 127.0.0.1",
        `port ${port}`,
        "protected-mode yes",
        `requirepass ${password}`,
        `dir ${dir}`,
        'save ""',
        "appendonly no",
        "daemonize no",
        'logfile ""',
        "databases 1",
      ];
      await writeFile(configFile, `${config.join("\n")}\n`, { mode: 0o600 });
      const server = new RedisProcess(binary, configFile, dir);
      try {
        await server.start();
      } catch (error) {
        if (error instanceof PortTakenError && attempt < 3) continue;
        throw error;
      }
      let removed: Promise<void> | undefined;
      return {
        host: "127.0.0.1",
        port,
        password,
        get running() {
          return server.running;
        },
        stop: () => server.stop(),
        start: () => server.start(),
        remove: () =>
          (removed ??= (async () => {
            await server.stop();
            await rm(dir, { recursive: true, force: true, maxRetries: 3 });
          })()),
        logs: () => server.logs(),
      };
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    throw error;
  }
}

/** One redis-server, started and stopped as often as a test wants. */
class RedisProcess {
  #log = "";
  #child: ChildProcess | undefined;
  #exited: Promise<void> = Promise.resolve();
  #ready = false;
  readonly #killOnExit = () => this.#child?.kill("SIGKILL");
  readonly #binary: string;
  readonly #configFile: string;
  readonly #cwd: string;

  constructor(binary: string, configFile: string, cwd: string) {
    this.#binary = binary;
    this.#configFile = configFile;
    this.#cwd = cwd;
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
    if (this.#alive()) throw new Error("redis-server is already running");
    const child = spawn(this.#binary, [this.#configFile], { cwd: this.#cwd, stdio: ["ignore", "pipe", "pipe"] });
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
      for (const line of lines) if (READY.test(line) || PORT_TAKEN.test(line)) output += `${line}\n`;
    };
    child.stdout?.setEncoding("utf8").on("data", append);
    child.stderr?.setEncoding("utf8").on("data", append);
    // a test process that dies without after() must not leave Redis running
    process.removeListener("exit", this.#killOnExit);
    process.once("exit", this.#killOnExit);
    const deadline = Date.now() + START_TIMEOUT_MS;
    while (!READY.test(output)) {
      if (!this.#alive() || spawnError !== undefined) {
        await this.stop();
        if (PORT_TAKEN.test(output)) throw new PortTakenError("port taken");
        throw new Error(
          `redis-server did not start (${spawnError?.message ?? `exit ${child.exitCode}`}):\n${this.logs()}`,
        );
      }
      if (Date.now() >= deadline) {
        await this.stop();
        throw new Error(`redis-server not ready after ${START_TIMEOUT_MS} ms:\n${this.logs()}`);
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
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_TIMEOUT_MS);
      await this.#exited;
      clearTimeout(timer);
    } else {
      await this.#exited;
    }
    process.removeListener("exit", this.#killOnExit);
  }
}
