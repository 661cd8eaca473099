// Where error events go: the embedded SQLite store, memory (tests) or a Sentry-protocol server.

import type { ErrorEvent } from "./event.ts";
import type { Group } from "./internal/grouping.ts";

/** A destination for error events. A sink's failures never reach user code. */
export interface ErrorSink {
  /** Takes one event (already redacted and accepted by beforeSend); may queue it. */
  send(event: ErrorEvent, group: Readonly<Group>): void;
  /** Resolves once everything queued is stored or sent, or the timeout passed. */
  flush(timeoutMs: number): Promise<void>;
  /** Stops background work (timers, connections). */
  close(): void;
}
