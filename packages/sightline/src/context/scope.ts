// What one request, job or withScope() call owns besides its context fields: error tracking's
// user, tags, contexts and request, and the log lines written inside it (an error event's
// breadcrumbs). It rides on the context frames of src/context/store.ts, so one AsyncLocalStorage
// carries everything of a request, and every frame opened inside the request (a withContext, a
// flow) shares the request's scope.

/** A log line written inside a scope, kept for an error event's breadcrumbs. */
export interface LogCrumb {
  readonly level: string;
  readonly event: string;
  readonly logger: string;
  /**
   * The JSON line as written: already redacted and bounded, and a snapshot (the fields the
   * caller passed may change later). Error tracking reads the breadcrumb's data from it only
   * when an event is captured, which is rare next to lines.
   */
  readonly line: string;
}

/**
 * One request's scope. `user` and `request` hold error tracking's shapes (src/errors/event.ts),
 * which the context layer does not know.
 */
export class RequestScope {
  user: object | undefined;
  tags: Record<string, string>;
  contexts: Record<string, Record<string, unknown>>;
  request: object | undefined;
  /** Lines logged inside, oldest first, at most `breadcrumbLimit` (a ring: the oldest is dropped). */
  readonly breadcrumbs: LogCrumb[];
  /** 0 when no lines are kept: error tracking is off, or this is the process-wide scope. */
  readonly breadcrumbLimit: number;

  /** A scope that starts as a copy of `parent`'s (its own changes stay its own). */
  constructor(parent?: RequestScope, breadcrumbLimit = 0) {
    this.user = parent?.user;
    this.tags = { ...parent?.tags };
    this.contexts = { ...parent?.contexts };
    this.request = parent?.request;
    this.breadcrumbs = parent === undefined || breadcrumbLimit === 0 ? [] : parent.breadcrumbs.slice(-breadcrumbLimit);
    this.breadcrumbLimit = breadcrumbLimit;
  }

  addBreadcrumb(crumb: LogCrumb): void {
    if (this.breadcrumbs.length >= this.breadcrumbLimit) this.breadcrumbs.shift();
    this.breadcrumbs.push(crumb);
  }
}
