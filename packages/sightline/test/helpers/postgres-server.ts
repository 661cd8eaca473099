// A real PostgreSQL server for tests: Debian's `postgresql` package (/usr/lib/postgresql/<ver>/bin).
// startPostgres() runs initdb in a temporary directory (a superuser with a random password,
// scram-sha-256 over TCP) and starts `postgres` on a free 127.0.0.1 port, its Unix socket in the
// same directory. stop() is a fast shutdown that keeps the data; start() brings the server back on
// the same port and data directory; remove() ends it and deletes the directory.
// PostgreSQL refuses to run as root: as root, initdb and postgres run as the package's `postgres`
// user (spawn's uid/gid, which also drops root's supplementary groups), in a directory owned by it.
// Tests skip, saying why, when the binaries or that user are missing: see postgresMissing().

import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, readdirSync, readFileSync } from "node:fs";
import { chmod, chown, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort } from "./prometheus-server.ts";
import { LOG_LIMIT, PortTakenError, ServerProcess } from "./server-process.ts";

const PG_ROOT = "/usr/lib/postgresql";
const INSTALL_HINT = "apt-get install postgresql";
const START_TIMEOUT_MS = 30_000;
const INITDB_TIMEOUT_MS = 60_000;

interface Binaries {
  initdb: string;
  postgres: string;
}

interface Account {
  uid: number;
  gid: number;
}

function executable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** initdb and postgres of the newest version under /usr/lib/postgresql, if any. */
function findBinaries(): Binaries | undefined {
  let versions: string[];
  try {
    versions = readdirSync(PG_ROOT);
  } catch {
    return undefined;
  }
  versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  for (const version of versions) {
    const bin = path.join(PG_ROOT, version, "bin");
    const binaries = { initdb: path.join(bin, "initdb"), postgres: path.join(bin, "postgres") };
    if (executable(binaries.initdb) && executable(binaries.postgres)) return binaries;
  }
  return undefined;
}

/** The `postgres` account from /etc/passwd. */
function postgresAccount(): Account | undefined {
  let passwd: string;
  try {
    passwd = readFileSync("/etc/passwd", "utf8");
  } catch {
    return undefined;
  }
  for (const line of passwd.split("\n")) {
    const [name, , uid, gid] = line.split(":");
    if (name === "postgres" && uid !== undefined && gid !== undefined) return { uid: Number(uid), gid: Number(gid) };
  }
  return undefined;
}

const isRoot = () => process.getuid?.() === 0;

/** Why PostgreSQL tests must be skipped, or undefined when they can run. */
export function postgresMissing(): string | undefined {
  if (findBinaries() === undefined) return `PostgreSQL server binaries not found in ${PG_ROOT} (${INSTALL_HINT})`;
  if (isRoot() && postgresAccount() === undefined) {
    return "running as root and there is no `postgres` user to run PostgreSQL as";
  }
  return undefined;
}

export interface RunningPostgres {
  readonly host: "127.0.0.1";
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly database: string;
  /** `postgres://user:password@127.0.0.1:port/database` */
  readonly connectionString: string;
  /** True between a successful start and a stop (or an unexpected exit). */
  readonly running: boolean;
  /** Fast shutdown (clients are disconnected); the data directory is kept. */
  stop(): Promise<void>;
  /** Starts the server again, same port and data directory; resolves once it accepts connections. */
  start(): Promise<void>;
  /** Stops the server and deletes its directory. Safe to call twice. */
  remove(): Promise<void>;
  /** The last lines PostgreSQL logged (for failure messages). */
  logs(): string;
}

const READY = /database system is ready to accept connections/;
const PORT_TAKEN = /could not bind|Address already in use/;

/**
 * Creates a cluster in a temporary directory and starts PostgreSQL on a free 127.0.0.1 port.
 *
 * @example
 * const postgres = await startPostgres();
 * const pool = new Pool({ connectionString: postgres.connectionString });
 * await postgres.stop(); // ... await postgres.start();
 * await postgres.remove();
 */
export async function startPostgres(): Promise<RunningPostgres> {
  const binaries = findBinaries();
  const reason = postgresMissing();
  if (binaries === undefined || reason !== undefined) throw new Error(reason);
  const account = isRoot() ? postgresAccount() : undefined;
  const dir = await mkdtemp(path.join(os.tmpdir(), "sightline-postgres-"));
  try {
    const user = "sightline";
    const password = randomBytes(18).toString("base64url");
    const dataDir = path.join(dir, "data");
    const socketDir = path.join(dir, "socket");
    const passwordFile = path.join(dir, "password");
    await mkdir(socketDir);
    await writeFile(passwordFile, `${password}\n`, { mode: 0o600 });
    if (account !== undefined) {
      for (const own of [dir, socketDir, passwordFile]) await chown(own, account.uid, account.gid);
    }
    await chmod(socketDir, 0o700);
    const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", LANG: "C", LC_ALL: "C", TZ: "UTC", HOME: dir };
    const spawnOptions = { cwd: dir, env, ...(account ?? {}) };

    await run(
      binaries.initdb,
      [
        `--pgdata=${dataDir}`,
        `--username=${user}`,
        `--pwfile=${passwordFile}`,
        "--auth-local=trust",
        "--auth-host=scram-sha-256",
        "--encoding=UTF8",
        "--locale=C",
        "--no-sync",
      ],
      spawnOptions,
    );
    await rm(passwordFile);

    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      // SIGINT is PostgreSQL's fast shutdown: open sessions are ended, not waited for
      const server = new ServerProcess({
        name: "postgres",
        file: binaries.postgres,
        args: postgresArgs(dataDir, socketDir, port),
        spawnOptions,
        ready: READY,
        portTaken: PORT_TAKEN,
        stopSignal: "SIGINT",
        startTimeoutMs: START_TIMEOUT_MS,
      });
      try {
        await server.start();
      } catch (error) {
        if (error instanceof PortTakenError && attempt < 3) continue;
        throw error;
      }
      const database = "postgres";
      let removed: Promise<void> | undefined;
      return {
        host: "127.0.0.1",
        port,
        user,
        password,
        database,
        connectionString: `postgres://${user}:${password}@127.0.0.1:${port}/${database}`,
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

interface SpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  uid?: number;
  gid?: number;
}

/** Runs a program to its end; rejects with its output when it fails or outlives the timeout. */
function run(file: string, args: readonly string[], options: SpawnOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), INITDB_TIMEOUT_MS);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(new Error(`${path.basename(file)} failed (${signal ?? `exit ${code}`}):\n${output.slice(-LOG_LIMIT)}`));
    });
  });
}

/** One postgres postmaster, started and stopped as often as a test wants. */
/** postgres' arguments: loopback only, small and fast for tests. */
function postgresArgs(dataDir: string, socketDir: string, port: number): string[] {
  return [
    "-D",
    dataDir,
    "-p",
    String(port),
    "-k",
    socketDir,
    "-c",
    "listen_addresses=127.0.0.1",
    "-c",
    "max_connections=20",
    "-c",
    "shared_buffers=16MB",
    "-c",
    "fsync=off",
    "-c",
    "synchronous_commit=off",
    "-c",
    "full_page_writes=off",
  ];
}
