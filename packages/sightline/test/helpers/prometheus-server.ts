// A real Prometheus server (and promtool) for tests: Debian's `prometheus` package, found on PATH.
// startPrometheus() writes a temporary config and TSDB directory, listens on 127.0.0.1 only and
// waits until the server is ready (a ServerProcess, as the PostgreSQL and Redis helpers use);
// stop() ends it (SIGTERM, SIGKILL as a last resort) and removes the directory. Tests skip,
// saying why, when the binaries are missing: see prometheusMissing().

import { spawn, spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import os from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { PortTakenError, ServerProcess } from "./server-process.ts";

const INSTALL_HINT = "apt-get install prometheus";

/** The absolute path of executable `name` on PATH, or undefined. */
export function findExecutable(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir === "") continue;
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Why promtool tests must be skipped, or undefined when promtool is installed. */
export function promtoolMissing(): string | undefined {
  return findExecutable("promtool") === undefined ? `promtool not installed (${INSTALL_HINT})` : undefined;
}

/** Why Prometheus server tests must be skipped, or undefined when the server is installed. */
export function prometheusMissing(): string | undefined {
  return findExecutable("prometheus") === undefined ? `prometheus not installed (${INSTALL_HINT})` : undefined;
}

/** True when `prometheus --help` lists `feature` among the valid `--enable-feature` names. */
export function prometheusSupportsFeature(feature: string): boolean {
  const binary = findExecutable("prometheus");
  if (binary === undefined) return false;
  const help = spawnSync(binary, ["--help"], { encoding: "utf8", timeout: 10_000 });
  return `${help.stdout}${help.stderr}`.includes(feature);
}

export interface PromtoolResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs promtool with `args`, writing `stdin` to it; fails after `timeoutMs`. */
export function runPromtool(args: readonly string[], stdin = "", timeoutMs = 20_000): Promise<PromtoolResult> {
  const binary = findExecutable("promtool");
  if (binary === undefined) return Promise.reject(new Error(promtoolMissing()));
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, { stdio: "pipe" });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`promtool ${args.join(" ")}: no exit after ${timeoutMs} ms`));
    }, timeoutMs);
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    child.stdin.on("error", () => {}); // promtool may exit before reading everything; its exit code says why
    child.stdin.end(stdin);
  });
}

/** A TCP port that was free a moment ago on 127.0.0.1 (listen on 0, read it, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address !== null && typeof address === "object") resolve(address.port);
        else reject(new Error(`unexpected server address ${String(address)}`));
      });
    });
  });
}

/** One scrape job: its targets (`host:port`), metrics path and bearer token. */
export interface ScrapeJob {
  job: string;
  targets: readonly string[];
  /** Default `/metrics`. */
  metricsPath?: string;
  /** Sent as `Authorization: Bearer <token>`. Default: the `token` of {@link PrometheusOptions}. */
  token?: string;
}

export interface PrometheusOptions {
  /** `host:port` strings (scraped by job `sightline`) and whole jobs. */
  scrapeTargets: ReadonlyArray<string | ScrapeJob>;
  /** Bearer token for every job that does not set its own. */
  token?: string;
  /** Scrape and rule evaluation interval. Default `1s`. */
  interval?: string;
  /** Rule files (absolute paths) to load, e.g. alerting rules. */
  ruleFiles?: readonly string[];
  /** More command-line arguments, e.g. `--enable-feature=exemplar-storage`. */
  extraArgs?: readonly string[];
  /** How long to wait for /-/ready. Default 20 s. */
  startTimeoutMs?: number;
}

/** One element of an instant vector (or a scalar, with no labels). */
export interface PromSample {
  metric: Record<string, string>;
  value: number;
}

export interface ActiveTarget {
  labels: Record<string, string>;
  scrapeUrl: string;
  health: "up" | "down" | "unknown";
  lastError: string;
  lastScrape: string;
}

/** What /api/v1/query_exemplars returns per series (needs `--enable-feature=exemplar-storage`). */
export interface ExemplarSeries {
  seriesLabels: Record<string, string>;
  exemplars: Array<{ labels: Record<string, string>; value: string; timestamp: number }>;
}

export interface WaitOptions {
  /** Default 30 s. */
  timeoutMs?: number;
  /** Pause between queries. Default 250 ms. */
  intervalMs?: number;
}

export interface RunningPrometheus {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  /** The generated configuration file (inside the temporary directory). */
  readonly configFile: string;
  /** Evaluates `expr` now (GET /api/v1/query); NaN and ±Inf are numbers. */
  query(expr: string): Promise<PromSample[]>;
  /** GET /api/v1/<endpoint> and returns its `data` (throws on an error response). */
  api<T>(endpoint: string, params?: Record<string, string>): Promise<T>;
  /** Scrape targets with their health and last error. */
  targets(): Promise<ActiveTarget[]>;
  /** Exemplars of the series `expr` selects, stored in the last `withinSeconds` (default 600). */
  exemplars(expr: string, withinSeconds?: number): Promise<ExemplarSeries[]>;
  /** Queries `expr` until `accept` returns true; returns that result or fails with diagnostics. */
  waitFor(expr: string, accept: (samples: PromSample[]) => boolean, options?: WaitOptions): Promise<PromSample[]>;
  /** The last lines Prometheus logged (for failure messages). */
  logs(): string;
  /** Stops the server and removes its temporary directory. Safe to call twice. */
  stop(): Promise<void>;
}

function parseValue(text: string): number {
  if (text === "+Inf") return Infinity;
  if (text === "-Inf") return -Infinity;
  return Number(text); // "NaN" -> NaN
}

function scrapeConfig(job: ScrapeJob, interval: string, defaultToken: string | undefined): Record<string, unknown> {
  const token = job.token ?? defaultToken;
  return {
    job_name: job.job,
    scrape_interval: interval,
    scrape_timeout: interval,
    metrics_path: job.metricsPath ?? "/metrics",
    static_configs: [{ targets: job.targets }],
    ...(token === undefined ? {} : { authorization: { type: "Bearer", credentials: token } }),
  };
}

/** The configuration as JSON, which is YAML too: no hand-written quoting. */
function configText(options: PrometheusOptions): string {
  const interval = options.interval ?? "1s";
  const addresses = options.scrapeTargets.filter((target): target is string => typeof target === "string");
  const jobs = options.scrapeTargets.filter((target): target is ScrapeJob => typeof target !== "string");
  if (addresses.length > 0) jobs.unshift({ job: "sightline", targets: addresses });
  const names = jobs.map((job) => job.job);
  if (new Set(names).size !== names.length) throw new Error(`duplicate scrape job names: ${names.join(", ")}`);
  const config = {
    global: { scrape_interval: interval, scrape_timeout: interval, evaluation_interval: interval },
    ...(options.ruleFiles === undefined ? {} : { rule_files: options.ruleFiles }),
    scrape_configs: jobs.map((job) => scrapeConfig(job, interval, options.token)),
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

/**
 * Starts Prometheus on a free 127.0.0.1 port with a temporary config and TSDB, and waits until
 * it is ready. Retries a couple of times when another process takes the port first.
 *
 * @example
 * const prometheus = await startPrometheus({ scrapeTargets: ["127.0.0.1:9464"], token });
 * await prometheus.waitFor('up{job="sightline"}', (up) => up[0]?.value === 1);
 * await prometheus.stop();
 */
export async function startPrometheus(options: PrometheusOptions): Promise<RunningPrometheus> {
  const binary = findExecutable("prometheus");
  if (binary === undefined) throw new Error(prometheusMissing());
  const dir = await mkdtemp(path.join(os.tmpdir(), "sightline-prometheus-"));
  try {
    const configFile = path.join(dir, "prometheus.yml");
    await writeFile(configFile, configText(options));
    for (let attempt = 1; ; attempt++) {
      const dataDir = path.join(dir, `data-${attempt}`);
      await mkdir(dataDir);
      try {
        return await launch(binary, dir, configFile, dataDir, await freePort(), options);
      } catch (error) {
        if (attempt >= 3 || !(error instanceof PortTakenError)) throw error;
      }
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

async function launch(
  binary: string,
  dir: string,
  configFile: string,
  dataDir: string,
  port: number,
  options: PrometheusOptions,
): Promise<RunningPrometheus> {
  const url = `http://127.0.0.1:${port}`;
  const server = new ServerProcess({
    name: "prometheus",
    file: binary,
    args: [
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      `--web.listen-address=127.0.0.1:${port}`,
      ...(options.extraArgs ?? []),
    ],
    spawnOptions: { cwd: dir },
    // logged once the TSDB is open, the config loaded and the web listener up
    ready: /Server is ready to receive web requests/,
    portTaken: /address already in use/,
    stopSignal: "SIGTERM",
    startTimeoutMs: options.startTimeoutMs ?? 20_000,
  });
  await server.start(); // startPrometheus() removes the directory, or retries in it
  const running = () => server.running;
  const logs = () => server.logs();
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= (async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true, maxRetries: 3 });
    })());

  async function api<T>(endpoint: string, params: Record<string, string> = {}): Promise<T> {
    const target = new URL(`/api/v1/${endpoint}`, url);
    for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
    const response = await fetch(target, { signal: AbortSignal.timeout(10_000) });
    const body = (await response.json()) as { status: string; data: T; errorType?: string; error?: string };
    if (body.status !== "success") throw new Error(`${target.pathname}: ${body.errorType}: ${body.error}`);
    return body.data;
  }

  async function query(expr: string): Promise<PromSample[]> {
    const data = await api<{ resultType: string; result: unknown }>("query", { query: expr });
    if (data.resultType === "scalar") {
      const [, value] = data.result as [number, string];
      return [{ metric: {}, value: parseValue(value) }];
    }
    if (data.resultType !== "vector") throw new Error(`${expr}: expected a vector, got ${data.resultType}`);
    return (data.result as Array<{ metric: Record<string, string>; value: [number, string] }>).map((sample) => ({
      metric: sample.metric,
      value: parseValue(sample.value[1]),
    }));
  }

  async function targets(): Promise<ActiveTarget[]> {
    return (await api<{ activeTargets: ActiveTarget[] }>("targets", { state: "active" })).activeTargets;
  }

  async function exemplars(expr: string, withinSeconds = 600): Promise<ExemplarSeries[]> {
    const now = Date.now() / 1000;
    const range = { query: expr, start: String(now - withinSeconds), end: String(now + 60) };
    return (await api<ExemplarSeries[] | null>("query_exemplars", range)) ?? [];
  }

  async function waitFor(
    expr: string,
    accept: (samples: PromSample[]) => boolean,
    { timeoutMs = 30_000, intervalMs = 250 }: WaitOptions = {},
  ): Promise<PromSample[]> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const samples = await query(expr);
        if (accept(samples)) return samples;
        last = samples;
      } catch (error) {
        last = error instanceof Error ? error.message : error;
      }
      if (Date.now() >= deadline || !running()) break;
      await sleep(intervalMs);
    }
    let health: unknown;
    try {
      health = (await targets()).map((t) => ({ job: t.labels.job, health: t.health, lastError: t.lastError }));
    } catch (error) {
      health = String(error);
    }
    throw new Error(
      `${expr}: not as expected after ${timeoutMs} ms; last result ${JSON.stringify(last)}; ` +
        `targets ${JSON.stringify(health)}; Prometheus ${running() ? "running" : "exited"}, log:\n${logs()}`,
    );
  }

  return { url, configFile, query, api, targets, exemplars, waitFor, logs, stop };
}
