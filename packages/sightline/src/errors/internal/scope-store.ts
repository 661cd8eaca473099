// Error scopes (user, tags, contexts, the request, breadcrumbs) are the request scopes of
// src/context: they travel in the context's AsyncLocalStorage, so two concurrent requests never
// see each other's user or tags, and a request needs one store, not two. Outside any request or
// withScope() call, the process-wide scope applies.

import { currentRequestScope, runInRequestScope } from "../../context/store.ts";
import { RequestScope } from "../../context/scope.ts";
import { globalSlot } from "../../internal/global.ts";
import type { EventRequest } from "../event.ts";

export { RequestScope as Scope } from "../../context/scope.ts";

interface ScopeState {
  readonly global: RequestScope;
  /** Set by initErrors(): request scopes are only opened while error tracking is on. */
  active: boolean;
  /** Lines a scope keeps as breadcrumbs (initErrors' `maxBreadcrumbs`). */
  maxBreadcrumbs: number;
}

const state = globalSlot<ScopeState>("errors.scopes", () => ({
  global: new RequestScope(),
  active: false,
  maxBreadcrumbs: 0,
}));

/** Whether initErrors() is in force. */
export function errorsActive(): boolean {
  return state.active;
}

export function setScopesActive(active: boolean, maxBreadcrumbs = 0): void {
  state.active = active;
  state.maxBreadcrumbs = active ? maxBreadcrumbs : 0;
}

/** The scope in force: the innermost withScope / request scope, else the process-wide one. */
export function currentScope(): RequestScope {
  return currentRequestScope() ?? state.global;
}

/** A scope inside the current one that keeps its own breadcrumbs (the process-wide scope keeps none). */
export function openScope(): RequestScope {
  return new RequestScope(currentScope(), state.maxBreadcrumbs);
}

export function runInScope<R>(scope: RequestScope, fn: () => R): R {
  return runInRequestScope(scope, fn);
}

/** A new scope for a request, holding what an error event needs of it; none while error tracking is off. */
export function requestScope(request: () => EventRequest): RequestScope | undefined {
  if (!state.active) return undefined;
  const scope = openScope();
  scope.request = request();
  return scope;
}
