import type { ErrorEvent } from "../event.ts";
import type { ErrorSink } from "../sink.ts";

/** Keeps events in memory: `getCapturedEvents()` returns them. For tests. */
export class MemorySink implements ErrorSink {
  readonly events: ErrorEvent[] = [];
  readonly #max: number;

  constructor(max = 1000) {
    this.#max = max;
  }

  send(event: ErrorEvent): void {
    if (this.events.length >= this.#max) this.events.shift();
    this.events.push(event);
  }

  flush(): Promise<void> {
    return Promise.resolve();
  }

  close(): void {}
}
