// Nothing lost at exit: buffered lines are written synchronously on process.exit, when the
// event loop empties, on a crash (after the crash itself is logged) and on SIGTERM/SIGINT.
// Installed once per process, whatever configure() does later.

import { globalSlot } from "../internal/global.ts";
import { currentConfig } from "./configure.ts";
import { emitSelf } from "./emit.ts";

const installed = globalSlot("exit-hooks", () => ({ done: false }));

function flushAtExit(): void {
  const config = currentConfig();
  config.destination.flushSync(Date.now() + config.exitTimeoutMs);
}

function onSignal(signal: NodeJS.Signals): void {
  flushAtExit();
  // Sightline's listener must not swallow the signal: when nobody else handles it, die of it.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

export function installExitHooks(): void {
  if (installed.done) return;
  installed.done = true;
  process.on("exit", flushAtExit);
  process.on("beforeExit", flushAtExit);
  process.on("uncaughtExceptionMonitor", (error, origin) => {
    emitSelf(
      "critical",
      origin === "unhandledRejection" ? "unhandled_rejection" : "uncaught_exception",
      undefined,
      error,
    );
    flushAtExit();
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    if (process.listenerCount(signal) === 0) process.once(signal, onSignal);
  }
}
