// The HTTP suite: `npm run bench -- http [--runs N] [--warmup S] [--duration S] [--connections N] [--contenders a,b]`.
// What Sightline's HTTP instrumentation costs per request on each framework it has an adapter for
// (Fastify 5, Express 5, node:http, Koa 3, Hono 4), against the bare framework, and on Fastify
// and Express against the usual pino + Prometheus pair too. Every run is a fresh server process
// (http/server.ts) on 127.0.0.1, loaded by autocannon in a process of its own (http/load.ts);
// runs are interleaved in rounds (every contender once per round, the order rotating), and each
// contender is paired with its bare framework of the same round. After each run the driver
// checks that the contender did its job: lines in its log file, requests in its /metrics.

import { fork, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fail, parseList, positiveInteger } from "../shared/cli.ts";
import { childEnv } from "../shared/child-process.ts";
import { machine } from "../shared/machine.ts";
import { stringOption, type OptionValues, type Suite } from "../shared/suite.ts";
import { bareOf, CONTENDER_IDS, CONTENDERS, REQUEST_PATH, type ContenderId, type ContenderInfo } from "./contenders.ts";
import {
  Channel,
  type LoadMessage,
  type ServerMark,
  type ServerMessage,
  type ToLoad,
  type ToServer,
} from "./protocol.ts";
import { checkVerdicts, markdownTable, otherWork, sightlineVerdicts } from "./report.ts";
import type { HttpRun } from "./result.ts";

const here = path.dirname(fileURLToPath(import.meta.url));

interface Settings {
  readonly runs: number;
  readonly warmupSeconds: number;
  readonly measureSeconds: number;
  readonly connections: number;
  readonly contenders: ContenderId[];
  readonly source: boolean;
}

function settings(values: OptionValues, source: boolean): Settings {
  const picked = parseList(stringOption(values, "contenders"), CONTENDER_IDS, "--contenders");
  // every contender is paired with its bare framework: run the bare one too
  const withBare = new Set(picked.flatMap((id) => [bareOf(CONTENDERS[id].framework), id]));
  return {
    runs: positiveInteger(stringOption(values, "runs"), "--runs", 3),
    warmupSeconds: positiveInteger(stringOption(values, "warmup"), "--warmup", 5),
    measureSeconds: positiveInteger(stringOption(values, "duration"), "--duration", 10),
    connections: positiveInteger(stringOption(values, "connections"), "--connections", 50),
    contenders: CONTENDER_IDS.filter((id) => withBare.has(id)),
    source,
  };
}

/** A child with its output kept, to show when it fails or writes on stderr. */
function start(script: string, args: string[], execArgv: string[]): { child: ChildProcess; output: () => string } {
  const child = fork(path.join(here, script), args, {
    execArgv,
    env: childEnv(),
    stdio: ["ignore", "pipe", "pipe", "ipc"],
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  return { child, output: () => output };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  if (child.connected) child.disconnect();
  const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
  await exited;
  clearTimeout(timer);
}

/** The requests a contender's /metrics counted for the route: its sample summed over the route's series. */
async function countedRequests(port: number, sample: string): Promise<number> {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  const text = await response.text();
  if (!response.ok) throw new Error(`GET /metrics answered ${response.status}: ${text.slice(0, 200)}`);
  let total = 0;
  for (const line of text.split("\n")) {
    if (!line.startsWith(`${sample}{`) || !line.includes("assessments")) continue;
    total += Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return total;
}

/** Busy time of all CPUs so far, ms, from /proc/stat (user, nice, system, irq, softirq, steal); undefined off Linux. */
function machineBusyMs(): number | undefined {
  let text: string;
  try {
    text = fs.readFileSync("/proc/stat", "utf8");
  } catch {
    return undefined;
  }
  const fields = (text.split("\n")[0] ?? "").trim().split(/\s+/).slice(1).map(Number);
  const [userTicks = 0, nice = 0, system = 0, , , irq = 0, softirq = 0, steal = 0] = fields;
  return (userTicks + nice + system + irq + softirq + steal) * 10; // USER_HZ is 100 on Linux
}

/** Work of other processes above which a run is disturbed: waited out before a run, retried after it. */
const QUIET_CORES = 0.25;
/** Bounds on the whole suite, so that a machine that never quietens down still gets its report. */
const QUIET_WAIT_BUDGET_MS = 180_000;
const RETRY_BUDGET = 6;

/**
 * On a shared machine, other work inflates the CPU a request costs. Before each run this waits
 * (within a budget for the whole suite) for one second in which all CPUs together were busy for
 * less than QUIET_CORES; after it, a run during which other work took more is run again (at most
 * RETRY_BUDGET times in all). What the kept runs saw is in the report.
 */
class QuietGate {
  #waitLeftMs = QUIET_WAIT_BUDGET_MS;
  #retriesLeft = RETRY_BUDGET;
  retried = 0;
  waitedMs = 0;

  async waitForQuiet(): Promise<void> {
    for (;;) {
      const before = machineBusyMs();
      if (before === undefined || this.#waitLeftMs <= 0) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const after = machineBusyMs() ?? before;
      if ((after - before) / 1000 < QUIET_CORES) return;
      this.#waitLeftMs -= 1000;
      this.waitedMs += 1000;
    }
  }

  shouldRetry(run: HttpRun): boolean {
    if (run.otherCores === undefined || run.otherCores <= QUIET_CORES || this.#retriesLeft === 0) return false;
    this.#retriesLeft--;
    this.retried++;
    return true;
  }
}

function countLines(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const bytes = fs.readFileSync(file);
  let lines = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) lines++;
  return lines;
}

/**
 * Stops the bench when a contender did not do its job: a logger that wrote no line per request,
 * metrics that missed requests, or a bare framework that wrote anything. Requests still in
 * flight when the load stopped may be missing from either (at most one per connection).
 */
function checkWork(
  info: ContenderInfo,
  served: number,
  lines: number,
  counted: number | undefined,
  connections: number,
): void {
  if (info.logs && lines < served - connections) throw new Error(`${lines} log lines for ${served} requests`);
  if (!info.logs && lines > 0) throw new Error(`${lines} log lines from a contender that logs nothing`);
  if (counted !== undefined && counted < served - connections) {
    throw new Error(`its /metrics counted ${counted} requests, the route answered ${served}`);
  }
}

async function measure(id: ContenderId, round: number, file: string, opts: Settings): Promise<HttpRun> {
  const info = CONTENDERS[id];
  const server = start("server.ts", [id, file], opts.source ? ["--conditions=sightline:source"] : []);
  const serverChannel = new Channel<ServerMessage, ToServer>(server.child, `server ${id}`);
  let load: ReturnType<typeof start> | undefined;
  let failure: string | undefined;
  try {
    const { port } = await serverChannel.next("ready", 30_000);
    const url = `http://127.0.0.1:${port}${REQUEST_PATH}`;
    const args = [url, String(opts.connections), String(opts.warmupSeconds), String(opts.measureSeconds)];
    load = start("load.ts", args, []);
    const loadChannel = new Channel<LoadMessage, ToLoad>(load.child, `load generator for ${id}`);
    const mark = async (): Promise<ServerMark> => {
      serverChannel.send({ type: "mark" });
      return serverChannel.next("mark", 5000);
    };

    const warm = await loadChannel.next("warm", (opts.warmupSeconds + 30) * 1000);
    const busyBefore = machineBusyMs();
    const before = await mark();
    loadChannel.send({ type: "go" });
    const done = await loadChannel.next("done", (opts.measureSeconds + 30) * 1000);
    const after = await mark();
    const busyAfter = machineBusyMs();

    for (const result of [warm, done]) {
      if (result.errors + result.timeouts + result.non2xx > 0) {
        throw new Error(
          `${result.type === "warm" ? "warm-up" : "measured run"}: ${result.errors} errors, ` +
            `${result.timeouts} timeouts, ${result.non2xx} non-2xx responses`,
        );
      }
    }
    const requests = after.served - before.served;
    if (requests <= 0) throw new Error("no request answered in the measured window");
    const system = after.systemMicros - before.systemMicros;
    const cpu = after.userMicros - before.userMicros + system;
    const wallMs = after.atMs - before.atMs;
    const otherCores =
      busyBefore === undefined || busyAfter === undefined
        ? undefined
        : Math.max(0, (busyAfter - busyBefore - cpu / 1000 - done.cpuMicros / 1000) / wallMs);

    // did it do its job? its metrics counted every request, its file has the lines
    const counted = info.metrics === undefined ? undefined : await countedRequests(port, info.metrics.sample);
    serverChannel.send({ type: "flush" });
    const { served } = await serverChannel.next("flushed", 10_000);
    const lines = countLines(file);
    checkWork(info, served, lines, counted, opts.connections);
    return {
      contender: id,
      round,
      requestsPerSecond: requests / (wallMs / 1000),
      cpuMicrosPerRequest: cpu / requests,
      systemMicrosPerRequest: system / requests,
      serverCores: cpu / 1000 / wallMs,
      loadCores: done.cpuMicros / 1000 / done.wallMs,
      otherCores,
      latencyP99Ms: done.latencyP99Ms,
      linesPerRequest: lines / served,
      countedPerRequest: counted === undefined ? undefined : counted / served,
    };
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
  } finally {
    if (load !== undefined) await stop(load.child);
    await stop(server.child);
    const output = `${server.output()}${load?.output() ?? ""}`.trim();
    if (failure !== undefined) failure += output === "" ? "" : `\n${output.slice(-3000)}`;
    else if (output !== "") process.stderr.write(`${id}, round ${round}, children wrote:\n${output}\n`);
  }
  return fail(`${id}, round ${round}: ${failure}`);
}

function progress(result: HttpRun, bare: HttpRun | undefined): string {
  const delta = bare === undefined ? undefined : result.cpuMicrosPerRequest - bare.cpuMicrosPerRequest;
  const extra = delta === undefined ? "" : ` (${delta < 0 ? "" : "+"}${delta.toFixed(1)} over bare)`;
  const counted = result.countedPerRequest === undefined ? "" : `, metrics ${result.countedPerRequest.toFixed(3)}×`;
  return (
    `${Math.round(result.requestsPerSecond).toLocaleString("en-US")} req/s, ` +
    `${result.cpuMicrosPerRequest.toFixed(1)} µs CPU/request${extra} (system ${result.systemMicrosPerRequest.toFixed(1)}), server ${result.serverCores.toFixed(2)} cores, ` +
    `autocannon ${result.loadCores.toFixed(2)} cores, other ${result.otherCores?.toFixed(2) ?? "n/a"} cores, p99 ${result.latencyP99Ms} ms, ` +
    `${result.linesPerRequest.toFixed(2)} lines/request${counted}`
  );
}

async function run(values: OptionValues, source: boolean): Promise<string> {
  const opts = settings(values, source);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sightline-bench-http-"));
  const loadBefore = os.loadavg();
  const runs: HttpRun[] = [];
  const quiet = new QuietGate();
  const started = Date.now();
  try {
    for (let round = 1; round <= opts.runs; round++) {
      // rotate the order so that no contender always runs first (or right after a given other)
      const shift = (round - 1) % opts.contenders.length;
      const order = [...opts.contenders.slice(shift), ...opts.contenders.slice(0, shift)];
      for (const id of order) {
        const file = path.join(dir, `${id}-${round}.log`);
        let result: HttpRun;
        for (;;) {
          await quiet.waitForQuiet();
          result = await measure(id, round, file, opts);
          fs.rmSync(file, { force: true });
          if (!quiet.shouldRetry(result)) break;
          process.stderr.write(
            `round ${round}/${opts.runs} ${id}: other work took ${result.otherCores?.toFixed(2)} cores, running it again\n`,
          );
        }
        runs.push(result);
        const bareId = bareOf(CONTENDERS[id].framework);
        const bare = runs.find((other) => other.round === round && other.contender === bareId && id !== bareId);
        process.stderr.write(`round ${round}/${opts.runs} ${id}: ${progress(result, bare)}\n`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const loadAfter = os.loadavg();
  const seconds = Math.round((Date.now() - started) / 1000);
  const loadText = `load average ${loadBefore[0]?.toFixed(2)} before, ${loadAfter[0]?.toFixed(2)} after (1 min)`;
  return [
    `## HTTP benchmark`,
    "",
    `${machine()} · ${opts.connections} connections · ${opts.warmupSeconds} s warm-up + ${opts.measureSeconds} s measured ` +
      `per run · median of ${opts.runs} runs · Sightline from ${source ? "source" : "dist/"} · ${seconds} s · ${loadText}`,
    "",
    markdownTable(runs, opts.contenders),
    "",
    sightlineVerdicts(runs, opts.contenders),
    "",
    checkVerdicts(runs, opts.contenders),
    "",
    otherWork(runs),
    `(runs during which other work took more than ${QUIET_CORES} cores are run again, at most ${RETRY_BUDGET} in all: ` +
      `${quiet.retried} were; ${Math.round(quiet.waitedMs / 1000)} s spent waiting for a quiet machine before runs)`,
    "",
  ].join("\n");
}

export const suite: Suite = { options: ["warmup", "duration", "connections", "contenders"], run };
