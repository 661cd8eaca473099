// hot path; bench: bench/log (every scenario)
// Builds one line from its scopes (static, context, bound, call) and hands it to the
// destination. Each scope's fields are serialized once and cached with the key set they hold;
// a line is then a concatenation of cached fragments plus the call's own fields. Only when a
// key appears in two scopes (rare) are the scopes merged and serialized together, so a key
// appears once per line, the later scope winning. With the OpenTelemetry bridge on, the active
// span's ids end the line and win over any scope's field of the same name.

import { currentFrame, type ContextFrame } from "../context/store.ts";
import { describeError, reason } from "../internal/describe-error.ts";
import { globalSlot } from "../internal/global.ts";
import { writeReportsWith } from "../internal/self-report.ts";
import { currentConfig, loggerCore, safeKeyName, type LogConfig, type LoggerCore } from "./configure.ts";
import { renderConsoleLine } from "./console-renderer.ts";
import { isoTimestamp } from "./internal/timestamp.ts";
import { TRACE_KEYS, traceHook, type TraceFields } from "../internal/tracing-seam.ts";
import type { LevelName } from "./levels.ts";
import { runProcessors } from "./processors.ts";

/** Fields bound to a logger with `bind()`, plus what was derived from them for a configuration. */
export interface Bindings {
  readonly fields: Readonly<Record<string, unknown>>;
  readonly keys: ReadonlySet<string>;
  cache: ScopeCache | undefined;
}

interface ScopeCache {
  readonly generation: number;
  readonly fragment: string;
  /** The scope holds a key of an earlier scope (or a reserved one). */
  readonly overlaps: boolean;
  /** Bound scopes only: their keys plus the static and reserved ones, checked against call fields. */
  readonly keysSoFar: ReadonlySet<string> | undefined;
  /** The scope holds a key the active span's ids take (`trace_id`: the HTTP context has it). */
  readonly traced: boolean;
  /** The fragment without those keys, made the first time a span is active. */
  untraced: string | undefined;
}

const LEVEL_FRAGMENTS: Record<LevelName, string> = {
  debug: '","level":"debug","event":',
  info: '","level":"info","event":',
  warning: '","level":"warning","event":',
  error: '","level":"error","event":',
  critical: '","level":"critical","event":',
};

/** Marks a call without an error (`undefined` can be thrown, so it cannot mark absence). */
export const NO_ERROR: unique symbol = Symbol("sightline.noError");

function scopeCache(
  fields: Readonly<Record<string, unknown>>,
  keys: ReadonlySet<string>,
  config: LogConfig,
  withKeysSoFar: boolean,
): ScopeCache {
  let overlaps = false;
  for (const key of keys) {
    if (config.prefixKeys.has(key)) {
      overlaps = true;
      break;
    }
  }
  return {
    generation: config.generation,
    fragment: config.serializer.fields(fields),
    overlaps,
    // a context frame lives for one request: it skips this set (call keys are checked against frame.keys)
    keysSoFar: withKeysSoFar ? new Set([...config.prefixKeys, ...keys]) : undefined,
    traced: TRACE_KEYS.some((key) => keys.has(key)),
    untraced: undefined,
  };
}

/** The scope's fragment without the keys the active span's ids take. */
function untracedFragment(cache: ScopeCache, fields: Readonly<Record<string, unknown>>, config: LogConfig): string {
  if (cache.untraced === undefined) {
    const rest = { ...fields };
    for (const key of TRACE_KEYS) delete rest[key];
    cache.untraced = config.serializer.fields(rest);
  }
  return cache.untraced;
}

/** Whether the static or call fields hold a key of the span's ids (rare: the scopes are then merged). */
function traceKeyTaken(config: LogConfig, fields: object | undefined): boolean {
  for (const key of TRACE_KEYS) if (config.prefixKeys.has(key)) return true;
  if (fields === undefined) return false;
  try {
    return (
      Object.hasOwn(fields, "trace_id") || Object.hasOwn(fields, "span_id") || Object.hasOwn(fields, "trace_flags")
    );
  } catch {
    // a hostile object: the serializer reports it
    return false;
  }
}

/** The merged scopes with the span's ids in place of any field of the same name, last. */
function withTrace(merged: Map<string, unknown>, trace: TraceFields): Map<string, unknown> {
  for (const key of TRACE_KEYS) {
    merged.delete(key);
    merged.set(key, trace[key as keyof TraceFields]);
  }
  return merged;
}

function frameCache(frame: ContextFrame, config: LogConfig): ScopeCache {
  let cache = frame.cache as ScopeCache | undefined;
  if (cache === undefined || cache.generation !== config.generation) {
    cache = scopeCache(frame.fields, frame.keys, config, false);
    frame.cache = cache;
  }
  return cache;
}

function bindingsCache(bindings: Bindings, config: LogConfig): ScopeCache {
  let cache = bindings.cache;
  if (cache === undefined || cache.generation !== config.generation) {
    cache = scopeCache(bindings.fields, bindings.keys, config, true);
    bindings.cache = cache;
  }
  return cache;
}

/** All scopes merged in order, later ones winning, reserved names moved aside. */
function mergeScopes(
  config: LogConfig,
  frame: ContextFrame | undefined,
  bindings: Bindings | undefined,
  fields: object | undefined,
): Map<string, unknown> {
  const merged = new Map<string, unknown>();
  for (const scope of [config.staticFields, frame?.fields, bindings?.fields, fields]) {
    if (scope === undefined) continue;
    for (const key of Object.keys(scope)) {
      const name = safeKeyName(key);
      merged.delete(name);
      merged.set(name, (scope as Record<string, unknown>)[key]);
    }
  }
  return merged;
}

/** Whether the cached scopes share a key (the call's own fields are checked while written). */
function scopesOverlap(
  frame: ContextFrame | undefined,
  frameScope: ScopeCache | undefined,
  bindings: Bindings | undefined,
  boundScope: ScopeCache | undefined,
): boolean {
  if (frameScope?.overlaps === true || boundScope?.overlaps === true) return true;
  if (frame !== undefined && bindings !== undefined) {
    for (const key of bindings.keys) if (frame.keys.has(key)) return true;
  }
  return false;
}

let internalFailureReported = false;

/** Writes one line. Never throws: a failure here is reported once on stderr and the call returns. */
export function emit(
  core: LoggerCore,
  bindings: Bindings | undefined,
  level: LevelName,
  event: unknown,
  fields: object | undefined,
  error: unknown,
): void {
  try {
    const config = currentConfig();
    if (error !== NO_ERROR) fields = { ...fields, ...describeError(error) };
    if (fields !== undefined && (fields === null || typeof fields !== "object")) fields = { fields };
    let frame = currentFrame();
    // the request's scope keeps the line for error events (breadcrumbs) while error tracking is on
    const keeper = frame?.scope !== undefined && frame.scope.breadcrumbLimit > 0 ? frame.scope : undefined;
    if (frame !== undefined && frame.keys.size === 0) frame = undefined;
    const eventText = typeof event === "string" ? event : String(event);
    const activeTrace = traceHook.active;
    const trace = activeTrace === undefined ? undefined : activeTrace();
    if (config.console || config.processors !== undefined) {
      let merged = mergeScopes(config, frame, bindings, fields);
      if (trace !== undefined) merged = withTrace(merged, trace);
      if (config.processors !== undefined) {
        const processed = runProcessors(config.processors, level, eventText, core.name, merged);
        if (processed === undefined) return; // dropped by a processor
        merged = new Map(Object.keys(processed).map((key) => [safeKeyName(key), processed[key]]));
      }
      const timestamp = isoTimestamp();
      const json = () =>
        `{"timestamp":"${timestamp}${LEVEL_FRAGMENTS[level]}${config.serializer.event(eventText)}${core.nameFragment}${config.serializer.mapFields(merged)}}\n`;
      const line = config.console ? renderConsoleLine(config, timestamp, level, eventText, core.name, merged) : json();
      config.destination.write(line);
      // breadcrumbs are JSON lines, whatever the output format
      keeper?.addBreadcrumb({ level, event: eventText, logger: core.name, line: config.console ? json() : line });
      return;
    }
    const frameScope = frame === undefined ? undefined : frameCache(frame, config);
    const boundScope = bindings === undefined ? undefined : bindingsCache(bindings, config);
    let line = `{"timestamp":"${isoTimestamp()}${LEVEL_FRAGMENTS[level]}${config.serializer.event(eventText)}${core.nameFragment}`;
    // the call's own fields, or undefined when any key appears twice across the scopes
    let own: string | undefined;
    if (
      !scopesOverlap(frame, frameScope, bindings, boundScope) &&
      (trace === undefined || !traceKeyTaken(config, fields))
    ) {
      const earlier = boundScope?.keysSoFar ?? config.prefixKeys;
      own = fields === undefined ? "" : config.serializer.fieldsUnlessTaken(fields, earlier, frame?.keys);
    }
    if (own === undefined) {
      const merged = mergeScopes(config, frame, bindings, fields);
      line += config.serializer.mapFields(trace === undefined ? merged : withTrace(merged, trace));
    } else {
      line += config.staticFragment;
      if (frameScope !== undefined) {
        line +=
          trace !== undefined && frameScope.traced
            ? untracedFragment(frameScope, frame?.fields ?? {}, config)
            : frameScope.fragment;
      }
      if (boundScope !== undefined) {
        line +=
          trace !== undefined && boundScope.traced
            ? untracedFragment(boundScope, bindings?.fields ?? {}, config)
            : boundScope.fragment;
      }
      line += own;
      if (trace !== undefined) line += trace.fragment;
    }
    line += "}\n";
    config.destination.write(line);
    keeper?.addBreadcrumb({ level, event: eventText, logger: core.name, line });
  } catch (failure) {
    if (!internalFailureReported) {
      internalFailureReported = true;
      process.emitWarning(`sightline could not write a log line: ${reason(failure)}`, {
        code: "SIGHTLINE_W_EMIT_FAILED",
      });
    }
  }
}

// Sightline's own lines (src/internal/self-report.ts), from the `sightline` logger; one
// subscription per process, whichever copy of the module loads first
globalSlot("log.self-reports", () => {
  writeReportsWith((message) => {
    const error = "error" in message ? message.error : NO_ERROR;
    emit(loggerCore("sightline"), undefined, message.level, message.event, message.fields, error);
  });
  return true;
});
