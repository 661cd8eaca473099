// Sends that must finish before a graceful exit, registered by the module that owns them
// (captured errors on their way to Sentry), so that the shutdown waits for them without loading
// that module into programs that never use it.

import { globalSlot } from "./global.ts";

type Flusher = (timeoutMs: number) => Promise<void>;

const flushers = globalSlot("before-exit", () => new Set<Flusher>());

/**
 * Registers `flush` to run before a graceful exit; returns a function that removes it. It must
 * settle by the timeout it is given and never reject.
 */
export function flushBeforeExit(flush: Flusher): () => void {
  flushers.add(flush);
  return () => flushers.delete(flush);
}

/** Runs every registered flush, at once, and waits for them all. */
export async function runBeforeExit(timeoutMs: number): Promise<void> {
  await Promise.all([...flushers].map((flush) => flush(timeoutMs)));
}
