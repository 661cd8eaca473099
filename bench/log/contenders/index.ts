// The contenders of the logging benchmark. Each one is loaded only in its own child process, so
// no library's code or memory counts against another's.

export type Fields = Readonly<Record<string, unknown>>;
export type LogFn = (event: string, fields: Fields) => void;

/** One configured logger, driven by the scenarios. `info` lines must reach the file; `debug` must not. */
export interface Contender {
  info: LogFn;
  debug: LogFn;
  /** A bound/child logger carrying `fields` on every line. */
  bind(fields: Fields): LogFn;
  /** Runs `fn` with `fields` in the context that every line logged inside carries. */
  inContext(fields: Fields, fn: () => void): void;
  /** Resolves once every line logged so far is written to the file. Called once, at the end. */
  flush(): Promise<void>;
}

export interface SetupOptions {
  /** The file every line goes to (created by the contender). */
  file: string;
  /** Scenarios (c) and (d): lines carry the fields of the context they are logged in. */
  useContext: boolean;
  /** Scenario (d): redact the secret paths, where the contender does not redact by default. */
  redactSecrets: boolean;
}

export type Setup = (options: SetupOptions) => Contender | Promise<Contender>;

export interface ContenderInfo {
  readonly id: string;
  readonly label: string;
  load(): Promise<Setup>;
}

export const CONTENDERS: readonly ContenderInfo[] = [
  { id: "sightline", label: "Sightline", load: async () => (await import("./sightline.ts")).setup },
  { id: "pino", label: "pino", load: async () => (await import("./pino.ts")).setupAsync },
  { id: "pino-sync", label: "pino (sync)", load: async () => (await import("./pino.ts")).setupSync },
  { id: "winston", label: "winston", load: async () => (await import("./winston.ts")).setup },
  { id: "logtape", label: "LogTape", load: async () => (await import("./logtape.ts")).setup },
];

/** The contender every ratio is taken against. */
export const BASELINE_ID = "pino";
/** pino's synchronous destination: the memory target's baseline, and a second throughput ratio. */
export const SYNC_BASELINE_ID = "pino-sync";
