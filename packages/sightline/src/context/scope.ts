// What one request, job or withScope() call owns besides its context fields: error tracking's
// user, tags, contexts and request, and the log lines written inside it (an error event's
// breadcrumbs). It rides on the context frames of src/context/store.ts, so one AsyncLocalStorage
// carries everything of a request, and every frame opened inside the request (a withContext, a
// flow) shares the request's scope.

/**
 * One request's scope. `user` and `request` hold error tracking's shapes (src/errors/event.ts),
 * which the context layer does not know.
 */
export class RequestScope {
  user: object | undefined;
  tags: Record<string, string>;
  contexts: Record<string, Record<string, unknown>>;
  request: object | undefined;
  /** JSON log lines, oldest first, at most `limit` (a ring: the oldest is dropped). */
  readonly lines: string[];

  /** A scope that starts as a copy of `parent`'s (its own changes stay its own). */
  constructor(parent?: RequestScope) {
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
