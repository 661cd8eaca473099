// Graceful shutdown in the order Kubernetes needs: readiness fails at once, the load balancer
// gets drainDelayMs to notice, servers stop accepting and finish in-flight requests (idle
// keep-alive connections closed), the application's cleanup runs, captured errors are sent and
// logs flushed, exit 0.
// A second signal or the grace period running out exits 1, saying what was still in flight.

import type { Server, ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { arrayOf, anyOf, checkOptions, is, type OptionRule, type OptionRules } from "../internal/options.ts";
import { onSignals, runBeforeExit } from "../internal/lifecycle.ts";
import { flush, getLogger } from "../log/index.ts";

/** What shutdown needs of the health it belongs to (health.ts's Health, which calls installShutdown). */
interface Drainable {
  markDraining(): void;
}

/** Options of `Health.installShutdown()`. @since 0.1.0 */
export interface ShutdownOptions {
  /** HTTP servers to drain. */
  servers?: Server | readonly Server[];
  /** Signals that start the shutdown. Default SIGTERM and SIGINT. */
  signals?: readonly NodeJS.Signals[];
  /** Time from the signal to a forced exit (cleanup hooks still running are abandoned). Default 25 000 ms. */
  gracePeriodMs?: number;
  /** Time between failing readiness and closing the servers. Default 5000 ms. */
  drainDelayMs?: number;
  /** Runs right after the signal, before draining (stop consuming queues, ...). */
  beforeShutdown?: () => void | Promise<void>;
  /** Runs once the servers are closed (close the database, ...). */
  onShutdown?: () => void | Promise<void>;
  /** How the process ends; tests pass their own. Default process.exit. */
  exit?: (code: number) => void;
}

const log = getLogger("sightline.shutdown");
const IDLE_SWEEP_MS = 100;

const server: OptionRule = {
  expected: "an http.Server",
  test: (value) =>
    typeof (value as Partial<Server> | null)?.close === "function" && typeof (value as Server).on === "function",
};

const RULES: OptionRules<ShutdownOptions> = {
  servers: anyOf(server, arrayOf(server)),
  signals: arrayOf({
    expected: "a signal name",
    test: (value) => typeof value === "string" && value.startsWith("SIG"),
  }),
  gracePeriodMs: is.milliseconds,
  drainDelayMs: is.milliseconds,
  beforeShutdown: is.function,
  onShutdown: is.function,
  exit: is.function,
};

/** Closes a server and resolves when its last connection is gone. */
function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    // connections that finish their request while we wait become idle: close them as they do
    const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    server.close(() => {
      clearInterval(sweep);
      resolve();
    });
    server.closeIdleConnections();
  });
}

async function step(name: string, hook: (() => void | Promise<void>) | undefined): Promise<boolean> {
  if (hook === undefined) return true;
  try {
    await hook();
    return true;
  } catch (error) {
    log.exception("shutdown_hook_failed", error, { hook: name });
    return false;
  }
}

/** Installs the signal handlers; returns a function that removes them. */
export function installShutdown(health: Drainable, options: ShutdownOptions = {}): () => void {
  checkOptions("installShutdown()", options, RULES);
  const servers =
    options.servers === undefined ? [] : Array.isArray(options.servers) ? options.servers : [options.servers];
  const signals = options.signals ?? ["SIGTERM", "SIGINT"];
  const gracePeriodMs = options.gracePeriodMs ?? 25_000;
  const drainDelayMs = options.drainDelayMs ?? 5000;
  const exitProcess = options.exit ?? ((code: number) => process.exit(code));
  let exited = false;
  // the first outcome wins: a forced exit after a completed one (or the reverse) is ignored
  const exit = (code: number): void => {
    if (exited) return;
    exited = true;
    exitProcess(code);
  };
  const inFlight = new Set<ServerResponse>();
  let started: number | undefined;

  // a client on a kept-alive connection learns to reconnect elsewhere
  function closeAfter(res: ServerResponse): void {
    if (!res.headersSent) res.setHeader("connection", "close");
  }

  function onRequest(this: Server, _req: unknown, res: ServerResponse): void {
    inFlight.add(res);
    if (started !== undefined) closeAfter(res);
    res.once("close", () => inFlight.delete(res));
  }
  for (const server of servers as Server[]) server.on("request", onRequest);

  async function shutdown(signal: NodeJS.Signals): Promise<void> {
    started = performance.now();
    inFlight.forEach(closeAfter); // requests in flight at the signal, not only those arriving later
    log.info("shutdown_started", { signal, in_flight: inFlight.size, drain_delay_ms: drainDelayMs });
    health.markDraining();
    const grace = setTimeout(() => {
      log.error("shutdown_timed_out", { in_flight: inFlight.size, grace_period_ms: gracePeriodMs });
      exit(1);
    }, gracePeriodMs);
    let clean = await step("beforeShutdown", options.beforeShutdown);
    await sleep(drainDelayMs);
    await Promise.all((servers as Server[]).map(closeServer));
    clean = (await step("onShutdown", options.onShutdown)) && clean;
    await runBeforeExit(2000); // errors still on their way to Sentry would die with the process
    log.info("shutdown_completed", { duration_ms: Math.round(performance.now() - started) });
    await flush();
    clearTimeout(grace);
    exit(clean ? 0 : 1);
  }

  function onSignal(signal: NodeJS.Signals): void {
    if (started === undefined) {
      void shutdown(signal);
      return;
    }
    log.error("shutdown_forced", { signal, in_flight: inFlight.size });
    exit(1);
  }
  const stopListening = onSignals(signals, onSignal);

  return function uninstallShutdown(): void {
    stopListening();
    for (const server of servers as Server[]) server.off("request", onRequest);
  };
}
