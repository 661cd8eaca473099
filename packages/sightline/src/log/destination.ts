// hot path; bench: bench/log (every scenario)
// Sightline's own buffered writer. Lines are concatenated into one string and written in large
// batches; nothing re-measures the buffer per line (the cost that dominates sonic-boom's
// profile). A destination that stops reading never blocks the application: writes to file
// descriptors are non-blocking, what cannot be written waits in a bounded queue, and lines
// beyond the bound are dropped and counted.

import fs from "node:fs";
import type { Writable } from "node:stream";

/** Where lines go; built by configure() from the `destination` option. */
export interface Destination {
  write(line: string): void;
  /** Writes everything buffered, waiting at most until `deadline` (ms since epoch). */
  flushSync(deadline: number): void;
  /** Resolves once everything buffered so far has been handed to the destination. */
  flush(): Promise<void>;
  /** Lines dropped since start because the destination did not keep up. */
  readonly dropped: number;
  close(): void;
}

export interface BufferOptions {
  /** Bytes that may wait for a slow destination before lines are dropped. */
  maxBufferBytes: number;
  /** Called once the destination drains after dropping; writes the warning line. */
  onRecovered(dropped: number): void;
}

// Batches of 64 KiB: fewer write calls give no further gain on files or pipes beyond this size.
const BATCH_CHARS = 64 * 1024;
const BATCH_BYTES = 64 * 1024;
// Lines are joined into small strings first: one encode call per ~8 lines instead of one per
// line (per-line Buffer#write cost 20% of throughput). Small, because lines waiting in the string
// survive young-generation GCs and make V8 grow its heap: 8 KiB chunks gave 121 MB peak RSS in
// bench scenario (d), 2 KiB chunks 101 MB (pino's synchronous destination: 100 MB), same speed.
const CHUNK_CHARS = 2 * 1024;
const RETRY_MAX_MS = 100;

interface Pending {
  bytes: Buffer;
  lines: number;
}

/** Writes to a file descriptor (stdout, stderr or an opened file). */
class FdDestination implements Destination {
  #fd: number;
  #ownsFd: boolean;
  #options: BufferOptions;
  // one reused buffer: lines are encoded straight into it, no per-batch string or Buffer
  #batch = Buffer.allocUnsafeSlow(BATCH_BYTES);
  #used = 0;
  #batchLines = 0;
  #text = "";
  #textLines = 0;
  #scheduled = false;
  #queue: Pending[] = [];
  #queuedBytes = 0;
  #retryTimer: NodeJS.Timeout | undefined;
  #retryDelay = 1;
  #dropped = 0;
  #unreported = 0;
  #failure: string | undefined;
  #waiters: Array<() => void> = [];

  constructor(fd: number, ownsFd: boolean, options: BufferOptions) {
    this.#fd = fd;
    this.#ownsFd = ownsFd;
    this.#options = options;
  }

  get dropped(): number {
    return this.#dropped;
  }

  write(line: string): void {
    this.#text += line;
    this.#textLines++;
    if (this.#text.length >= CHUNK_CHARS) this.#encode();
    if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#onImmediate);
    }
  }

  /** Moves the joined lines into the byte batch, writing the batch first if they might not fit. */
  #encode(): void {
    const text = this.#text;
    const lines = this.#textLines;
    this.#text = "";
    this.#textLines = 0;
    // UTF-8 takes at most 3 bytes per UTF-16 code unit
    if (this.#used + text.length * 3 > BATCH_BYTES) {
      this.#writeBatch();
      if (text.length * 3 > BATCH_BYTES) {
        this.#send(Buffer.from(text), lines, false);
        return;
      }
    }
    this.#used += this.#batch.write(text, this.#used);
    this.#batchLines += lines;
  }

  #onImmediate = (): void => {
    this.#scheduled = false;
    this.#writeAll();
  };

  /** Encodes what is still text and writes the batch. */
  #writeAll(): void {
    if (this.#textLines > 0) this.#encode();
    this.#writeBatch();
  }

  #writeBatch(): void {
    if (this.#batchLines === 0) return;
    const bytes = this.#batch.subarray(0, this.#used);
    const lines = this.#batchLines;
    this.#used = 0;
    this.#batchLines = 0;
    this.#send(bytes, lines, true);
  }

  /** Writes now if nothing waits before it; what is not written waits in the queue (copied when `reused`). */
  #send(bytes: Buffer, lines: number, reused: boolean): void {
    if (this.#queue.length > 0) {
      this.#enqueue({ bytes: reused ? Buffer.from(bytes) : bytes, lines });
      return;
    }
    let written = 0;
    try {
      written = fs.writeSync(this.#fd, bytes);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== "EAGAIN" && code !== "EWOULDBLOCK" && code !== "ENOSPC" && code !== "EINTR") {
        this.#fail(lines, code ?? String(error));
        return;
      }
    }
    if (written < bytes.length) {
      const rest = bytes.subarray(written);
      // the start of this batch is out: its end must follow, whatever the bound, or a line tears
      this.#enqueue({ bytes: reused ? Buffer.from(rest) : rest, lines }, written > 0);
    }
  }

  #enqueue(pending: Pending, mustKeep = false): void {
    if (!mustKeep && this.#queuedBytes + pending.bytes.length > this.#options.maxBufferBytes) {
      this.#dropped += pending.lines;
      this.#unreported += pending.lines;
    } else {
      this.#queue.push(pending);
      this.#queuedBytes += pending.bytes.length;
    }
    this.#armRetry();
  }

  /** The retry timer keeps the process alive only while someone awaits flush(). */
  #armRetry(): void {
    if (this.#retryTimer !== undefined) return;
    this.#retryTimer = setTimeout(this.#retry, this.#retryDelay);
    if (this.#waiters.length === 0) this.#retryTimer.unref();
  }

  #retry = (): void => {
    this.#retryTimer = undefined;
    const before = this.#queuedBytes;
    this.#drainQueue();
    if (this.#queue.length > 0) {
      // back off only while the destination accepts nothing; a reader that is draining gets
      // retried at once (a fixed backoff capped draining at ~2 MB/s)
      this.#retryDelay = this.#queuedBytes < before ? 1 : Math.min(this.#retryDelay * 2, RETRY_MAX_MS);
      this.#armRetry();
      return;
    }
    this.#retryDelay = 1;
    this.#writeAll();
    this.#reportDropped();
    if (this.#queue.length === 0) for (const resolve of this.#waiters.splice(0)) resolve();
  };

  /** Writes queued bytes in order until the destination refuses more. */
  #drainQueue(): void {
    while (this.#queue.length > 0) {
      const head = this.#queue[0] as Pending;
      let written: number;
      try {
        written = fs.writeSync(this.#fd, head.bytes);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "EAGAIN" || code === "EWOULDBLOCK" || code === "ENOSPC" || code === "EINTR") return;
        this.#queue.shift();
        this.#queuedBytes -= head.bytes.length;
        this.#fail(head.lines, code ?? String(error));
        continue;
      }
      this.#queuedBytes -= written;
      if (written === head.bytes.length) this.#queue.shift();
      else {
        head.bytes = head.bytes.subarray(written);
        return;
      }
    }
  }

  #reportDropped(): void {
    if (this.#unreported === 0) return;
    const dropped = this.#unreported;
    this.#unreported = 0;
    this.#options.onRecovered(dropped);
  }

  #fail(lines: number, code: string): void {
    this.#dropped += lines;
    if (this.#failure === undefined) {
      this.#failure = code;
      reportOnStderr(`sightline: log destination failed (${code}); lines are being dropped`);
    }
  }

  flushSync(deadline: number): void {
    this.#writeAll();
    this.#drainUntil(deadline);
    if (this.#queue.length === 0 && this.#unreported > 0) {
      this.#reportDropped();
      this.#writeAll();
      this.#drainUntil(deadline);
    }
    if (this.#queue.length > 0) {
      const lines = this.#queue.reduce((sum, pending) => sum + pending.lines, 0);
      reportOnStderr(
        `sightline: ${lines} log line(s) (${this.#queuedBytes} bytes) could not be written before exit: the destination did not accept them in time`,
      );
    }
  }

  #drainUntil(deadline: number): void {
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (;;) {
      this.#drainQueue();
      if (this.#queue.length === 0 || Date.now() >= deadline) return;
      Atomics.wait(pause, 0, 0, 1);
    }
  }

  flush(): Promise<void> {
    this.#writeAll();
    if (this.#queue.length === 0) {
      this.#reportDropped();
      this.#writeAll();
      if (this.#queue.length === 0) return Promise.resolve();
    }
    return new Promise((resolve) => {
      this.#waiters.push(resolve);
      this.#retryTimer?.ref();
    });
  }

  close(): void {
    this.flushSync(Date.now() + 1000);
    if (this.#retryTimer !== undefined) clearTimeout(this.#retryTimer);
    if (this.#ownsFd) fs.closeSync(this.#fd);
  }
}

/** Writes to any Writable, honouring its back-pressure within the same memory bound. */
class StreamDestination implements Destination {
  #stream: Writable;
  #options: BufferOptions;
  #batch = "";
  #batchLines = 0;
  #scheduled = false;
  #blocked = false;
  #queue: string[] = [];
  #queuedChars = 0;
  #dropped = 0;
  #unreported = 0;

  constructor(stream: Writable, options: BufferOptions) {
    this.#stream = stream;
    this.#options = options;
    stream.on("drain", this.#onDrain);
  }

  get dropped(): number {
    return this.#dropped;
  }

  write(line: string): void {
    this.#batch += line;
    this.#batchLines++;
    if (this.#batch.length >= BATCH_CHARS) this.#writeBatch();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(this.#onImmediate);
    }
  }

  #onImmediate = (): void => {
    this.#scheduled = false;
    this.#writeBatch();
  };

  #writeBatch(): void {
    if (this.#batchLines === 0) return;
    const chunk = this.#batch;
    const lines = this.#batchLines;
    this.#batch = "";
    this.#batchLines = 0;
    if (!this.#blocked) {
      this.#blocked = !this.#stream.write(chunk);
    } else if (this.#queuedChars + chunk.length > this.#options.maxBufferBytes) {
      this.#dropped += lines;
      this.#unreported += lines;
    } else {
      this.#queue.push(chunk);
      this.#queuedChars += chunk.length;
    }
  }

  #onDrain = (): void => {
    this.#blocked = false;
    while (this.#queue.length > 0 && !this.#blocked) {
      const chunk = this.#queue.shift() as string;
      this.#queuedChars -= chunk.length;
      this.#blocked = !this.#stream.write(chunk);
    }
    if (!this.#blocked && this.#unreported > 0) {
      const dropped = this.#unreported;
      this.#unreported = 0;
      this.#options.onRecovered(dropped);
    }
  };

  flushSync(): void {
    // A stream cannot be written synchronously: hand it everything and let it buffer.
    this.#writeBatch();
    for (const chunk of this.#queue.splice(0)) this.#stream.write(chunk);
    this.#queuedChars = 0;
  }

  async flush(): Promise<void> {
    this.#writeBatch();
    while (this.#blocked || this.#queue.length > 0) {
      await new Promise((resolve) => this.#stream.once("drain", resolve));
    }
    await new Promise<void>((resolve) => this.#stream.write("", () => resolve()));
  }

  close(): void {
    this.flushSync();
    this.#stream.off("drain", this.#onDrain);
  }
}

function reportOnStderr(message: string): void {
  try {
    fs.writeSync(2, `${message}\n`);
  } catch {
    // stderr itself is gone: nothing left to tell
  }
}

/** `"stdout"`, `"stderr"`, a file path, `{ fd }` or any Writable. */
export type DestinationOption = "stdout" | "stderr" | string | { fd: number } | Writable;

export function createDestination(target: DestinationOption, options: BufferOptions): Destination {
  if (target === "stdout" || target === "stderr") {
    // Touching the stream makes libuv put a pipe into non-blocking mode, so a reader that
    // stalls yields EAGAIN instead of freezing the process.
    void (target === "stdout" ? process.stdout : process.stderr);
    return new FdDestination(target === "stdout" ? 1 : 2, false, options);
  }
  if (typeof target === "string") return new FdDestination(fs.openSync(target, "a"), true, options);
  if ("fd" in target && typeof target.fd === "number" && !("write" in target)) {
    // as above for stdout and stderr; other pipe descriptors stay in the mode they were given
    if (target.fd === 1) void process.stdout;
    else if (target.fd === 2) void process.stderr;
    return new FdDestination(target.fd, false, options);
  }
  return new StreamDestination(target as Writable, options);
}
