// Error scopes (user, tags, contexts, the request, breadcrumbs) in their own AsyncLocalStorage,
// so that two concurrent requests never see each other's user or tags. The HTTP core
// (src/http/core.ts) opens one per request through withRequestScope().

import { AsyncLocalStorage } from "node:async_hooks";
import { globalSlot } from "../../internal/global.ts";
import type { EventRequest, EventUser } from "../event.ts";

export class Scope {
  user: EventUser | undefined;
  tags: Record<string, string>;
  contexts: Record<string, Record<string, unknown>>;
  request: EventRequest | undefined;
  /** JSON log lines, oldest first, at most `limit` (a ring: the oldest is dropped). */
  readonly lines: string[];

  constructor(parent?: Scope) {
    this.user = parent?.user;
    this.tags = { ...parent?.tags };
    this.contexts = { ...parent?.contexts };
    this.request = parent?.request;
    this.lines = parent === undefined ? [] : [...parent.lines];
  }

  addLine(line: string, limit: number): void {
    if (this.lines.length >= limit) this.lines.shift();
    this.lines.push(line);
  }
}

interface ScopeState {
  readonly storage: AsyncLocalStorage<Scope>;
  readonly global: Scope;
  /** Set by initErrors(): request scopes are only opened while error tracking is on. */
  active: boolean;
}

const state = globalSlot<ScopeState>("errors.scopes", () => ({
  storage: new AsyncLocalStorage<Scope>(),
  global: new Scope(),
  active: false,
}));

/** Whether initErrors() is in force. */
export function errorsActive(): boolean {
  return state.active;
}

export function setScopesActive(active: boolean): void {
  state.active = active;
}

/** The scope in force: the innermost withScope / request scope, else the process-wide one. */
export function currentScope(): Scope {
  return state.storage.getStore() ?? state.global;
}

/** The scope of the current request or withScope call, if any (breadcrumbs go only there). */
export function isolatedScope(): Scope | undefined {
  return state.storage.getStore();
}

export function runInScope<R>(scope: Scope, fn: () => R): R {
  return state.storage.run(scope, fn);
}

/** Runs a request in its own scope, holding what the error event needs of the request. */
export function withRequestScope<R>(request: () => EventRequest, fn: () => R): R {
  if (!state.active) return fn();
  const scope = new Scope(currentScope());
  scope.request = request();
  return state.storage.run(scope, fn);
}
