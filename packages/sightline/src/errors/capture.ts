// The capture API: initErrors, captureException, captureMessage and the scope functions. A
// capture never throws into user code; without initErrors it only logs.

import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import { getContext } from "../context/index.ts";
import { flushBeforeExit, handleCrashes } from "../internal/lifecycle.ts";
import { report } from "../internal/self-report.ts";
import { globalSlot } from "../internal/global.ts";
import { anyOf, checkOptions, is, oneOf, rule, type OptionRules } from "../internal/options.ts";
import { getLogger, type LevelName } from "../log/index.ts";
import { redact } from "../redact/index.ts";
import {
  eventLevel,
  type Breadcrumb,
  type ErrorEvent,
  type EventLevel,
  type EventRequest,
  type EventUser,
} from "./event.ts";
import { exceptionChain } from "./internal/exception-chain.ts";
import { fingerprintOf, RateLimiter, type Group } from "./internal/grouping.ts";
import { currentScope, openScope, runInScope, type Scope, setScopesActive } from "./internal/scope-store.ts";
import type { ErrorSink } from "./sink.ts";
import { loadNodeSqlite, sqliteMissing } from "../internal/node-sqlite.ts";
import { MemorySink } from "./sinks/memory-sink.ts";
import { createSentrySink } from "./sinks/sentry-sink.ts";
import { DEFAULT_STORE_PATH, SqliteSink } from "./sinks/sqlite-sink.ts";

/** Options of {@link initErrors}. @since 0.1.0 */
export interface ErrorsOptions {
  /** A Sentry (or GlitchTip, Bugsink) DSN: events go there. Without it, to the embedded store. */
  dsn?: string;
  environment?: string;
  release?: string;
  /** Default: the host name. */
  serverName?: string;
  /** Share of events kept, 0–1. Default 1. */
  sampleRate?: number;
  /** Events sent per minute, all groups together. Default 100 (and 10 per group). */
  maxEventsPerMinute?: number;
  /** Last word on every event: return it (changed or not), or null to drop it. */
  beforeSend?: (event: ErrorEvent, hint: { originalException: unknown }) => ErrorEvent | null;
  /** Where events go; default: the SQLite store (or Sentry with a dsn). `"memory"` for tests. */
  store?: "sqlite" | "memory" | ErrorSink;
  /** SQLite file of the embedded store. Default `.sightline/errors.db`; `":memory:"` allowed. */
  storePath?: string;
  /** Send the user's fields beyond `id` (email, name, ip). Default false. */
  sendUserInfo?: boolean;
  /** Log lines of the request kept as breadcrumbs. Default 20. */
  maxBreadcrumbs?: number;
  /** Capture uncaught exceptions and unhandled rejections, flush, exit 1. Default true. */
  handleUncaught?: boolean;
}

/** What a capture call takes besides the error. */
export interface CaptureOptions {
  level?: LevelName | EventLevel;
  tags?: Record<string, string>;
  /** A named context, shown with the event: `{ assessment: { skill_area } }`. */
  context?: Record<string, Record<string, unknown>>;
  user?: EventUser;
  /** Overrides the grouping. */
  fingerprint?: string[];
}

interface ErrorsState {
  options: ErrorsOptions;
  sinks: ErrorSink[];
  memory: MemorySink | undefined;
  groups: Map<string, Group>;
  limiter: RateLimiter;
  stopFlushingAtExit: () => void;
  dropsReported: number;
  captured: WeakMap<object, string>;
}

const slot = globalSlot<{ state: ErrorsState | undefined }>("errors.state", () => ({ state: undefined }));
const log = getLogger("sightline.errors");
const PER_GROUP_PER_MINUTE = 10;

const RULES: OptionRules<ErrorsOptions> = {
  dsn: rule("a DSN URL (https://<key>@<host>/<project>)", (value) => typeof value === "string" && URL.canParse(value)),
  environment: is.string,
  release: is.string,
  serverName: is.string,
  sampleRate: is.ratio,
  maxEventsPerMinute: is.positiveInteger,
  beforeSend: is.function,
  store: anyOf(oneOf("sqlite", "memory"), rule("an ErrorSink (send, flush, close)", isSink)),
  storePath: is.nonEmptyString,
  sendUserInfo: is.boolean,
  maxBreadcrumbs: is.nonNegativeInteger,
  handleUncaught: is.boolean,
};

function isSink(value: unknown): boolean {
  const sink = value as Partial<Record<keyof ErrorSink, unknown>> | null;
  return typeof sink?.send === "function" && typeof sink.flush === "function" && typeof sink.close === "function";
}

/**
 * The sinks of an options object. Imported statically (a bundler must see them); node:sqlite and
 * @sentry/core load only when a sink needs them. Without node:sqlite, the store is memory.
 */
async function createSinks(options: ErrorsOptions): Promise<{ sinks: ErrorSink[]; memory: MemorySink | undefined }> {
  const store = options.store ?? (options.dsn === undefined ? "sqlite" : undefined);
  const sinks: ErrorSink[] = [];
  let memory: MemorySink | undefined;
  if (store === "memory") {
    memory = new MemorySink();
    return { sinks: [memory], memory };
  }
  if (typeof store === "object") sinks.push(store);
  if (store === "sqlite") {
    if (loadNodeSqlite() === undefined) {
      memory = new MemorySink();
      sinks.push(memory);
      log.warning("error_store_unavailable", { reason: sqliteMissing(), store: "memory" });
    } else {
      sinks.push(new SqliteSink({ path: options.storePath ?? DEFAULT_STORE_PATH }));
    }
  }
  if (options.dsn !== undefined) sinks.push(await createSentrySink(options.dsn));
  return { sinks, memory };
}

/**
 * Starts error tracking. Without a `dsn`, events go to an embedded SQLite store that
 * `npx sightline errors` reads; with one, to Sentry or a Sentry-compatible server.
 *
 * @example
 * await initErrors({ dsn: process.env.SENTRY_DSN, environment: "production", release: "1.4.2" });
 * @see docs/errors.md
 * @since 0.1.0
 */
export async function initErrors(options: ErrorsOptions = {}): Promise<void> {
  checkOptions("initErrors()", options, RULES);
  await closeErrors();
  const { sinks, memory } = await createSinks(options);
  const maxBreadcrumbs = options.maxBreadcrumbs ?? 20;
  const state: ErrorsState = {
    options,
    sinks,
    memory,
    groups: new Map(),
    limiter: new RateLimiter(PER_GROUP_PER_MINUTE, options.maxEventsPerMinute ?? 100),
    stopFlushingAtExit: () => stopFlushingAtExit(),
    dropsReported: 0,
    captured: new WeakMap(),
  };
  // installShutdown() waits for events still being sent before it exits
  const stopFlushingAtExit = flushBeforeExit((timeoutMs) => flushSinks(state, timeoutMs));
  slot.state = state;
  // breadcrumbs: the logger keeps every line written inside a request or withScope in its scope
  setScopesActive(true, maxBreadcrumbs);
  if (options.handleUncaught !== false) handleCrashes(onFatal);
}

/** Flushes the sinks and stops error tracking. */
export async function closeErrors(timeoutMs = 2000): Promise<void> {
  const state = slot.state;
  if (state === undefined) return;
  slot.state = undefined;
  setScopesActive(false);
  state.stopFlushingAtExit();
  await flushSinks(state, timeoutMs);
  for (const sink of state.sinks) sink.close();
}

/** What every line starts with; a breadcrumb has them as its own fields, not as data. */
const LINE_HEADER = ["timestamp", "level", "event", "logger"] as const;

function breadcrumbs(scope: Scope): Breadcrumb[] {
  const crumbs: Breadcrumb[] = [];
  for (const { level, event, logger, line } of scope.breadcrumbs) {
    const data = JSON.parse(line) as Record<string, unknown>;
    const timestamp = Date.parse(String(data.timestamp)) / 1000;
    for (const key of LINE_HEADER) delete data[key];
    crumbs.push({
      timestamp,
      category: logger,
      level: eventLevel(level as LevelName),
      message: event,
      data,
    });
  }
  return crumbs;
}

function userOf(user: EventUser | undefined, sendUserInfo: boolean): EventUser | undefined {
  if (user === undefined) return undefined;
  return sendUserInfo ? user : user.id === undefined ? undefined : { id: String(user.id) };
}

function buildEvent(
  state: ErrorsState,
  level: EventLevel,
  options: CaptureOptions,
  error: unknown,
  message?: string,
): ErrorEvent {
  const scope = currentScope();
  const { options: init } = state;
  const context = getContext();
  const event: ErrorEvent = {
    event_id: randomUUID().replaceAll("-", ""),
    timestamp: Date.now() / 1000,
    level,
    platform: "node",
    server_name: init.serverName ?? hostname(),
    contexts: {
      runtime: { name: "node", version: process.version },
      ...scope.contexts,
      ...options.context,
    },
    fingerprint: [],
  };
  if (init.environment !== undefined) event.environment = init.environment;
  if (init.release !== undefined) event.release = init.release;
  if (message !== undefined) event.message = { formatted: message };
  if (error !== undefined) event.exception = { values: exceptionChain(error, true) };
  const tags = { ...scope.tags, ...options.tags };
  if (Object.keys(tags).length > 0) event.tags = tags;
  // the scope holds error tracking's shapes, which the context layer it lives in does not know
  const user = userOf(options.user ?? (scope.user as EventUser | undefined), init.sendUserInfo === true);
  if (user !== undefined) event.user = user;
  if (scope.request !== undefined) event.request = scope.request as EventRequest;
  const crumbs = breadcrumbs(scope);
  if (crumbs.length > 0) event.breadcrumbs = { values: crumbs };
  const ids: Record<string, unknown> = {};
  for (const key of ["request_id", "trace_id", "flow_id"]) if (context[key] !== undefined) ids[key] = context[key];
  if (Object.keys(ids).length > 0) event.extra = ids;
  event.fingerprint = options.fingerprint ?? fingerprintOf(event);
  return event;
}

function record(state: ErrorsState, event: ErrorEvent): Group {
  const key = event.fingerprint.join("\u0000");
  const now = Date.now();
  let group = state.groups.get(key);
  if (group === undefined) {
    group = { key, count: 0, firstSeen: now, lastSeen: now, lastEventId: event.event_id };
    state.groups.set(key, group);
  }
  group.count++;
  group.lastSeen = now;
  group.lastEventId = event.event_id;
  return group;
}

function deliver(state: ErrorsState, candidate: ErrorEvent, original: unknown): string | undefined {
  if (state.options.sampleRate !== undefined && Math.random() >= state.options.sampleRate) return undefined;
  let event: ErrorEvent | null = redact(candidate);
  if (state.options.beforeSend !== undefined) {
    try {
      event = state.options.beforeSend(event, { originalException: original });
    } catch (error) {
      log.exception("error_before_send_failed", error, { event_id: candidate.event_id });
      return undefined;
    }
    if (event === null) return undefined;
  }
  const group = record(state, event);
  if (!state.limiter.allow(group.key, Date.now())) {
    reportDrops(state);
    return undefined;
  }
  for (const sink of state.sinks) {
    try {
      sink.send(event, group);
    } catch (error) {
      log.exception("error_sink_failed", error, { sink: sink.constructor.name, event_id: event.event_id });
    }
  }
  return event.event_id;
}

function reportDrops(state: ErrorsState): void {
  // once per hundred drops, so a storm does not become a storm of log lines
  if (state.limiter.dropped - state.dropsReported < 100 && state.dropsReported !== 0) return;
  state.dropsReported = state.limiter.dropped;
  log.warning("error_events_rate_limited", { dropped: state.limiter.dropped });
}

/**
 * Captures an error with the current scope (user, tags, the request, its log lines) and
 * returns the event id. Never throws.
 *
 * @example
 * captureException(error, { tags: { assessment_id }, context: { assessment: { skill_area } } });
 * @since 0.1.0
 */
export function captureException(error: unknown, options: CaptureOptions = {}): string | undefined {
  try {
    const state = slot.state;
    if (state === undefined) {
      log.exception("error_captured", error, options.tags);
      return undefined;
    }
    // one error object is one event, however many layers (db, HTTP, user code) capture it
    const isObject = error !== null && typeof error === "object";
    if (isObject && state.captured.has(error)) return state.captured.get(error);
    const id = deliver(state, buildEvent(state, eventLevel(options.level ?? "error"), options, error), error);
    if (isObject && id !== undefined) state.captured.set(error, id);
    return id;
  } catch (failure) {
    log.exception("error_capture_failed", failure, { call: "captureException" });
    return undefined;
  }
}

/** Captures a message (no exception) at `level` (default info). Never throws. @since 0.1.0 */
export function captureMessage(
  message: string,
  level: LevelName | EventLevel = "info",
  options: CaptureOptions = {},
): string | undefined {
  try {
    const state = slot.state;
    if (state === undefined) {
      log.info("message_captured", { message, level });
      return undefined;
    }
    return deliver(state, buildEvent(state, eventLevel(level), options, undefined, message), message);
  } catch (failure) {
    log.exception("error_capture_failed", failure, { call: "captureMessage", message_level: level });
    return undefined;
  }
}

/** Sets the user of the current scope (the request's, inside one). Only `id` is sent unless sendUserInfo. */
export function setUser(user: EventUser | undefined): void {
  currentScope().user = user;
}

export function setTag(key: string, value: string): void {
  currentScope().tags[key] = String(value);
}

/** A named context shown with events: `setContext("assessment", { skill_area })`. */
export function setContext(name: string, context: Record<string, unknown> | undefined): void {
  const scope = currentScope();
  if (context === undefined) delete scope.contexts[name];
  else scope.contexts[name] = context;
}

/**
 * Runs `fn` with a copy of the current scope: what it sets stays inside (the modern form of
 * Sentry's `push_scope`).
 *
 * @example
 * withScope((scope) => { scope.tags.assessment_id = id; captureException(error); });
 * @since 0.1.0
 */
export function withScope<R>(fn: (scope: Scope) => R): R {
  const scope = openScope();
  return runInScope(scope, () => fn(scope));
}

/** Events kept by the memory store (`store: "memory"`). */
export function getCapturedEvents(): readonly ErrorEvent[] {
  return slot.state?.memory?.events ?? [];
}

/** Groups seen since initErrors, for tests and the health of error tracking. */
export function getErrorGroups(): readonly Group[] {
  return [...(slot.state?.groups.values() ?? [])];
}

/** Waits until every sink has stored or sent what it holds (or the timeout passes). */
export async function flushErrors(timeoutMs = 2000): Promise<void> {
  const state = slot.state;
  if (state !== undefined) await flushSinks(state, timeoutMs);
}

/** Flushes every sink; one that fails is logged, never thrown to the caller. */
async function flushSinks(state: ErrorsState, timeoutMs: number): Promise<void> {
  await Promise.all(
    state.sinks.map((sink) =>
      sink.flush(timeoutMs).catch((error: unknown) => {
        log.exception("error_sink_flush_failed", error, { sink: sink.constructor.name, timeout_ms: timeoutMs });
      }),
    ),
  );
}

/** What a crash does while error tracking handles them (src/internal/lifecycle.ts calls it). */
function onFatal(error: unknown, kind: "uncaught_exception" | "unhandled_rejection"): void {
  const state = slot.state;
  if (state === undefined || state.options.handleUncaught === false) {
    // error tracking was closed since: crash as Node would
    process.exitCode = 1;
    throw error;
  }
  // an uncaught exception was logged by the crash hooks; a handled rejection never reaches
  // them, so it gets the same critical crash line here
  if (kind === "unhandled_rejection") report("critical", kind, undefined, error);
  captureException(error, { level: "fatal" });
  void flushErrors(2000).finally(() => process.exit(1));
}
