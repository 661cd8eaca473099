// The error event: Sentry's event shape (so the Sentry sink only wraps it in an envelope), built
// from anything thrown, the current scope and the request. Every part passes the redaction
// policy before a sink sees it.

import type { LevelName } from "../log/index.ts";

/** One parsed stack frame. */
export interface StackFrame {
  filename: string;
  function: string;
  lineno?: number;
  colno?: number;
  /** The application's own code: not node_modules, not Node.js internals. */
  in_app: boolean;
}

/** One exception of the chain, outermost last (Sentry's order). */
export interface ExceptionValue {
  type: string;
  value: string;
  stacktrace?: { frames: StackFrame[] };
  /** How this exception relates to the next one (`cause`, `errors[0]`, ...). */
  mechanism?: { type: string; handled: boolean; source?: string; exception_id?: number; parent_id?: number };
}

/** A log line of the same request or flow, written before the error. */
export interface Breadcrumb {
  timestamp: number;
  category: string;
  level: string;
  message: string;
  data?: Record<string, unknown>;
}

export interface EventUser {
  id?: string;
  [key: string]: unknown;
}

export interface EventRequest {
  method?: string;
  url?: string;
  route?: string;
  headers?: Record<string, string>;
}

/** Severity, Sentry's names. */
export type EventLevel = "debug" | "info" | "warning" | "error" | "fatal";

export interface ErrorEvent {
  event_id: string;
  /** Seconds since the epoch. */
  timestamp: number;
  level: EventLevel;
  platform: "node";
  logger?: string;
  environment?: string;
  release?: string;
  server_name?: string;
  message?: { formatted: string };
  exception?: { values: ExceptionValue[] };
  tags?: Record<string, string>;
  contexts: Record<string, Record<string, unknown>>;
  user?: EventUser;
  request?: EventRequest;
  breadcrumbs?: { values: Breadcrumb[] };
  fingerprint: string[];
  extra?: Record<string, unknown>;
}

/** Sightline's level names to Sentry's. */
export function eventLevel(level: LevelName | EventLevel): EventLevel {
  return level === "critical" ? "fatal" : level;
}
