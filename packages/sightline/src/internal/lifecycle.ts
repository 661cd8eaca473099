// The process's life as Sightline sees it, and the only file that listens to `process` events:
// exit, an empty event loop, signals, crashes and the cluster primary's messages. Each module
// registers what it must do here instead of calling process.on itself, so the order is one
// decision, written down once:
//
// - A crash (uncaught exception or unhandled rejection): the crash hooks run first, before any
//   handler (`uncaughtExceptionMonitor`): the log writes its `critical` line and flushes. Then
//   the crash handler, if error tracking installed one, captures the error, waits for its sinks
//   and exits 1; without one, Node.js crashes as usual.
// - A graceful shutdown (installShutdown): its own signal handler drains the servers, then
//   `runBeforeExit()` waits for the sends registered with `flushBeforeExit()` (errors on their
//   way to Sentry), then the log is flushed and the process exits.
// - Any exit: the synchronous exit hooks run by stage, `store` first (the embedded error store
//   writes what is queued), then `log` (so lines written by earlier hooks are on disk too).
// - SIGTERM/SIGINT with no handler of the application's or installShutdown's: the exit hooks
//   run, then the signal is raised again so the process dies of it, as it would without Sightline.

import { globalSlot } from "./global.ts";

type Flusher = (timeoutMs: number) => Promise<void>;
type ExitStage = "store" | "log";
type CrashKind = "uncaught_exception" | "unhandled_rejection";

interface Lifecycle {
  readonly flushers: Set<Flusher>;
  readonly exitHooks: Record<ExitStage, Set<() => void>>;
  readonly crashHooks: Set<(error: unknown, kind: CrashKind) => void>;
  crashHandler: ((error: unknown, kind: CrashKind) => void) | undefined;
  readonly messageHandlers: Set<(message: unknown) => void>;
  installed: boolean;
}

const state = globalSlot<Lifecycle>("lifecycle", () => ({
  flushers: new Set(),
  exitHooks: { store: new Set(), log: new Set() },
  crashHooks: new Set(),
  crashHandler: undefined,
  messageHandlers: new Set(),
  installed: false,
}));

function runExitHooks(): void {
  for (const hook of state.exitHooks.store) hook();
  for (const hook of state.exitHooks.log) hook();
}

function onUnhandledSignal(signal: NodeJS.Signals): void {
  runExitHooks();
  // Sightline's listener must not swallow the signal: when nobody else handles it, die of it.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

function onUncaught(error: unknown): void {
  state.crashHandler?.(error, "uncaught_exception");
}

function onUnhandledRejection(reason: unknown): void {
  state.crashHandler?.(reason, "unhandled_rejection");
}

function onMessage(message: unknown): void {
  for (const handler of state.messageHandlers) handler(message);
}

/** The listeners every process gets once anything registers: exit, loop empty, crash monitor, signals. */
function install(): void {
  if (state.installed) return;
  state.installed = true;
  process.on("exit", runExitHooks);
  process.on("beforeExit", runExitHooks);
  process.on("uncaughtExceptionMonitor", (error, origin) => {
    const kind = origin === "unhandledRejection" ? "unhandled_rejection" : "uncaught_exception";
    for (const hook of state.crashHooks) hook(error, kind);
  });
  for (const signal of ["SIGTERM", "SIGINT"] as const) {
    if (process.listenerCount(signal) === 0) process.once(signal, onUnhandledSignal);
  }
}

/** Runs `hook` synchronously at exit (and when the event loop empties), in `stage`; returns its removal. */
export function atExit(stage: ExitStage, hook: () => void): () => void {
  install();
  state.exitHooks[stage].add(hook);
  return () => state.exitHooks[stage].delete(hook);
}

/** Runs `hook` when the process crashes, before any crash handler; it must not throw. */
export function onCrash(hook: (error: unknown, kind: CrashKind) => void): () => void {
  install();
  state.crashHooks.add(hook);
  return () => state.crashHooks.delete(hook);
}

/**
 * Takes over crashes (error tracking's `handleUncaught`): `handler` is called instead of Node.js
 * crashing and must end the process. Installed once; a later call replaces the handler.
 */
export function handleCrashes(handler: (error: unknown, kind: CrashKind) => void): void {
  install();
  if (state.crashHandler === undefined) {
    process.on("uncaughtException", onUncaught);
    process.on("unhandledRejection", onUnhandledRejection);
  }
  state.crashHandler = handler;
}

/** Runs `handler` on each of `signals` (graceful shutdown); returns its removal. */
export function onSignals(signals: readonly NodeJS.Signals[], handler: (signal: NodeJS.Signals) => void): () => void {
  for (const signal of signals) process.on(signal, handler);
  return () => {
    for (const signal of signals) process.off(signal, handler);
  };
}

/** Runs `handler` on each message from the cluster primary (IPC); returns its removal. */
export function onParentMessage(handler: (message: unknown) => void): () => void {
  if (state.messageHandlers.size === 0) process.on("message", onMessage);
  state.messageHandlers.add(handler);
  return () => {
    if (state.messageHandlers.delete(handler) && state.messageHandlers.size === 0) process.off("message", onMessage);
  };
}

/**
 * Registers `flush` to run before a graceful exit; returns a function that removes it. It must
 * settle by the timeout it is given and never reject.
 */
export function flushBeforeExit(flush: Flusher): () => void {
  state.flushers.add(flush);
  return () => state.flushers.delete(flush);
}

/** Runs every registered flush, at once, and waits for them all. */
export async function runBeforeExit(timeoutMs: number): Promise<void> {
  await Promise.all([...state.flushers].map((flush) => flush(timeoutMs)));
}
