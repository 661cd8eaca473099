// What each adapter's fixture provides to the conformance suite: a real server on 127.0.0.1
// with the same routes, instrumented by the adapter under test.
//
// Routes every fixture serves (the framework's own routing, route templates as written):
//   GET  /assessments/:id   logs "handler_log" after an await, answers 200 { id }
//   GET  /fail-sync         throws Error("sync boom") synchronously
//   GET  /fail-async        rejects with Error("async boom") after an await
//   GET  /bad-request       answers 400
//   GET  /unavailable       answers 503
//   PURGE /assessments/:id  answers 200 (a method outside the standard set)
//   anything else           the framework's 404 (route label "unmatched")

import type { SightlineHttpOptions } from "../../src/http/index.ts";

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export interface AdapterFixture {
  name: string;
  /** Skip reason when the framework is not installed. */
  missing?: () => Promise<string | undefined>;
  start(options: SightlineHttpOptions): Promise<RunningServer>;
}

/** Answers after an await, so context must survive an async boundary. */
export async function tick(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 1));
}
