// A real Redis server for tests: Debian's `redis-server` package, found on PATH. startRedis()
// writes a configuration (127.0.0.1 only, a free port, a random password, no persistence) into a
// temporary directory and waits until the server accepts connections. stop() ends it (SIGTERM,
// SIGKILL as a last resort); start() brings it back on the same port and directory; remove() ends
// it and deletes the directory. Tests skip, saying why, when the binary is missing: see
// redisMissing().

import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { findExecutable, freePort } from "./prometheus-server.ts";
import { PortTakenError, ServerProcess } from "./server-process.ts";

const INSTALL_HINT = "apt-get install redis-server";
const START_TIMEOUT_MS = 20_000;
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
      const server = new ServerProcess({
        name: "redis-server",
        file: binary,
        args: [configFile],
        spawnOptions: { cwd: dir },
        ready: READY,
        portTaken: PORT_TAKEN,
        stopSignal: "SIGTERM",
        startTimeoutMs: START_TIMEOUT_MS,
      });
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
