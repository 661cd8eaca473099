// User processors: functions that see each line's merged fields before it is written, and may
// change them or drop the line (structlog's processors, pino's mixin and formatters.log). They
// run only when configured: a line then takes the merge path, so the cached fragments of its
// scopes are not used. Redaction comes after them, so a field a processor adds is redacted too.

import type { LevelName } from "./levels.ts";

/** Returned by a {@link LogProcessor} to drop the line. @since 0.1.0 */
export const DROP: unique symbol = Symbol("sightline.drop");

/** One line as a processor sees it: the fields of every scope merged, the call's winning. @since 0.1.0 */
export interface LogLine {
  readonly level: LevelName;
  readonly event: string;
  /** The logger's name. */
  readonly logger: string;
  /** Static, context, bound and call fields, before redaction. Change it, or return new fields. */
  fields: Record<string, unknown>;
}

/**
 * Sees a line before it is written: returns the record (changed or not) or {@link DROP}. One that
 * throws or returns something else leaves the line as it was, and is reported once.
 *
 * @example
 * const addRegion: LogProcessor = (record) => {
 *   record.fields.region = process.env.REGION;
 *   return record;
 * };
 * @since 0.1.0
 */
export type LogProcessor = (record: LogLine) => LogLine | typeof DROP;

let failureReported = false;

function reportFailure(detail: string): void {
  if (failureReported) return; // once: a broken processor must not flood stderr
  failureReported = true;
  process.emitWarning(`a log processor failed; its lines are written as they were: ${detail}`, {
    code: "SIGHTLINE_W_PROCESSOR_FAILED",
  });
}

/** Runs the processors in order; undefined when one drops the line. */
export function runProcessors(
  processors: readonly LogProcessor[],
  level: LevelName,
  event: string,
  logger: string,
  merged: ReadonlyMap<string, unknown>,
): Record<string, unknown> | undefined {
  let fields: Record<string, unknown> = Object.fromEntries(merged);
  for (const processor of processors) {
    let result: LogLine | typeof DROP;
    try {
      result = processor({ level, event, logger, fields: { ...fields } });
    } catch (error) {
      reportFailure(error instanceof Error ? `${error.name}: ${error.message}` : String(error));
      continue;
    }
    if (result === DROP) return undefined;
    const next = (result as Partial<LogLine> | null)?.fields;
    if (next === null || typeof next !== "object") {
      reportFailure(`${processor.name || "a processor"} returned neither a record nor DROP`);
      continue;
    }
    fields = next;
  }
  return fields;
}
