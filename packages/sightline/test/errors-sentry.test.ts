// The Sentry sink against a real HTTP endpoint on 127.0.0.1: what arrives is a real envelope,
// decoded here with @sentry/core's own parser. Retries, rate limits and a dead endpoint are
// checked by counting requests, never by timing.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { afterEach, beforeEach, test } from "node:test";
import { createHealth } from "../src/health/index.ts";
import { getLogger, withContext } from "../src/index.ts";
import {
  captureException,
  captureMessage,
  closeErrors,
  flushErrors,
  initErrors,
  setContext,
  setTag,
  setUser,
  withScope,
  type ErrorEvent,
  type ErrorSink,
} from "../src/errors/index.ts";
import { captureLogs, resetForTests, type CapturedLogs } from "../src/testing/index.ts";
import { collect } from "./helpers/child-process.ts";
import { NEEDS_REGISTER_HOOKS } from "./helpers/node-features.ts";
import { decode, startEndpoint, type Endpoint, type Received } from "./helpers/sentry-endpoint.ts";

/** Safety net only: a hang fails the test instead of hanging the run. */
const TEST_OPTIONS = { timeout: 30_000 };

let logs: CapturedLogs;
let endpoint: Endpoint;
beforeEach(async () => {
  logs = captureLogs();
  endpoint = await startEndpoint();
});
afterEach(async () => {
  await closeErrors();
  await endpoint.close();
  resetForTests();
});

function failingLogin(): never {
  throw new Error("auth failed: password=hunter2");
}

test("an exception arrives as a real envelope, with nothing secret in it", TEST_OPTIONS, async () => {
  await initErrors({ dsn: endpoint.dsn, environment: "test", release: "2.0.0", handleUncaught: false });
  let id: string | undefined;
  await withContext({}, async () => {
    withScope(() => {
      setUser({ id: "u1", email: "ada@example.com" });
      setTag("assessment_id", "a1");
      setContext("db", { url: "postgres://app:s3cret@db/app" });
      getLogger("app").info("login_attempt", { token: "tok_123" });
      try {
        failingLogin();
      } catch (error) {
        id = captureException(error);
      }
    });
  });
  await flushErrors();
  assert.equal(endpoint.received.length, 1);
  const [request] = endpoint.received as [Received];

  // where and how it was sent: the project's envelope endpoint, with the public key
  assert.equal(request.method, "POST");
  assert.equal(request.url.pathname, "/api/42/envelope/");
  assert.equal(request.url.searchParams.get("sentry_key"), "publickey");
  assert.equal(request.url.searchParams.get("sentry_version"), "7");
  assert.match(request.url.searchParams.get("sentry_client") ?? "", /^sightline\/\d+\.\d+\.\d+/);
  assert.equal(request.headers["content-type"], "application/x-sentry-envelope");

  const raw = request.body.toString("utf8");
  for (const secret of ["hunter2", "s3cret", "tok_123", "ada@example.com"]) {
    assert.ok(!raw.includes(secret), `${secret} was sent`);
  }

  const { header, type, event } = decode(request);
  assert.equal(header.event_id, id);
  assert.equal(header.dsn, endpoint.dsn);
  assert.equal((header.sdk as { name?: unknown }).name, "sightline");
  assert.equal(typeof header.sent_at, "string");
  assert.equal(type, "event");

  assert.equal(event.event_id, id);
  assert.equal(event.level, "error");
  assert.equal(event.platform, "node");
  assert.equal(event.environment, "test");
  assert.equal(event.release, "2.0.0");
  assert.deepEqual(event.tags, { assessment_id: "a1" });
  assert.deepEqual(event.user, { id: "u1" });
  assert.equal(event.contexts.runtime?.name, "node");
  assert.ok(event.contexts.db, "the named context is sent");
  assert.ok(Array.isArray(event.fingerprint) && event.fingerprint.length > 0);

  const values = event.exception?.values ?? [];
  assert.equal(values.length, 1);
  assert.equal(values[0]?.type, "Error");
  assert.match(values[0]?.value ?? "", /^auth failed: /);
  const frames = values[0]?.stacktrace?.frames ?? [];
  const top = frames.at(-1);
  assert.equal(top?.function, "failingLogin");
  assert.equal(top?.filename, "test/errors-sentry.test.ts");
  assert.equal(top?.in_app, true);
  assert.equal(typeof top?.lineno, "number");

  const crumbs = event.breadcrumbs?.values ?? [];
  assert.deepEqual(
    crumbs.map((crumb) => [crumb.category, crumb.message, crumb.level]),
    [["app", "login_attempt", "info"]],
  );
  assert.ok("token" in (crumbs[0]?.data ?? {}), "the field is kept, its value redacted");
});

test("with a dsn and a sink of your own, both get the event", TEST_OPTIONS, async () => {
  const mine: ErrorEvent[] = [];
  const sink: ErrorSink = { send: (event) => void mine.push(event), flush: async () => {}, close: () => {} };
  await initErrors({ dsn: endpoint.dsn, store: sink, handleUncaught: false });
  const id = captureMessage("disk almost full", "warning");
  await flushErrors();
  assert.equal(mine.length, 1);
  assert.equal(endpoint.received.length, 1);
  const { event } = decode(endpoint.received[0] as Received);
  assert.equal(event.event_id, id);
  assert.equal(event.level, "warning");
  assert.deepEqual(event.message, { formatted: "disk almost full" });
  assert.equal("sdk" in (mine[0] ?? {}), false, "the other sinks' event is not changed");
});

test("a 500 is retried and the event then delivered", TEST_OPTIONS, async () => {
  endpoint.answer = (index) => ({ status: index === 0 ? 500 : 200 });
  await initErrors({ dsn: endpoint.dsn, handleUncaught: false });
  const id = captureException(new Error("database unavailable"));
  await flushErrors(10_000);
  assert.equal(endpoint.received.length, 2);
  assert.deepEqual(
    endpoint.received.map((request) => decode(request).event.event_id),
    [id, id],
  );
});

test("a server that keeps failing gets three tries, then the event is dropped", TEST_OPTIONS, async () => {
  endpoint.answer = () => ({ status: 503 });
  await initErrors({ dsn: endpoint.dsn, handleUncaught: false });
  assert.ok(captureException(new Error("still failing")));
  await flushErrors(10_000);
  assert.equal(endpoint.received.length, 3);
  await logs.flush();
  const line = logs.records.find((record) => record.event === "error_events_not_sent");
  assert.equal(line?.reason, "send_error");
});

test("a 429 with Retry-After holds later events back: no resend, no new request", TEST_OPTIONS, async () => {
  endpoint.answer = (index) => (index === 0 ? { status: 429, headers: { "retry-after": "60" } } : { status: 200 });
  await initErrors({ dsn: endpoint.dsn, handleUncaught: false });
  captureException(new Error("first"));
  await flushErrors();
  assert.equal(endpoint.received.length, 1);
  captureException(new TypeError("second"));
  captureMessage("third");
  await flushErrors();
  assert.equal(endpoint.received.length, 1, "nothing is sent while the server asked to wait");
  await logs.flush();
  const reasons = logs.records
    .filter((record) => record.event === "error_events_not_sent")
    .map((record) => record.reason);
  assert.deepEqual(reasons, ["ratelimit", "ratelimit_backoff"]);
});

test("the queue is bounded: beyond 100 envelopes waiting, events are dropped and counted", TEST_OPTIONS, async () => {
  let release = (): void => {};
  const gate = new Promise<void>((resolve) => (release = resolve));
  endpoint.answer = () => gate.then(() => ({ status: 200 }));
  await initErrors({ dsn: endpoint.dsn, maxEventsPerMinute: 1000, handleUncaught: false });
  for (let i = 0; i < 150; i++) captureException(new Error(`event ${i}`), { fingerprint: [`group ${i}`] });
  release();
  await flushErrors(10_000);
  assert.equal(endpoint.received.length, 100);
  await logs.flush();
  const drops = logs.records.filter((record) => record.event === "error_events_not_sent");
  assert.deepEqual(
    drops.map((record) => [record.reason, record.dropped]),
    [["queue_overflow", 1]],
    "one line for the first drop, not one per drop",
  );
});

test("an endpoint that is down: capture never throws, flush returns", TEST_OPTIONS, async () => {
  const down = await startEndpoint();
  await down.close(); // its port is now closed: connections are refused
  await initErrors({ dsn: down.dsn, handleUncaught: false });
  for (let i = 0; i < 5; i++) assert.match(captureException(new Error(`lost ${i}`)) ?? "", /^[0-9a-f]{32}$/);
  await flushErrors(200);
  await closeErrors(200);
  captureException(new Error("after close")); // only logged
});

test("graceful shutdown waits for an event the endpoint first refused", TEST_OPTIONS, async () => {
  endpoint.answer = (index) => ({ status: index === 0 ? 503 : 200 }); // the retry succeeds
  await initErrors({ dsn: endpoint.dsn, handleUncaught: false });
  const health = createHealth();
  const delivered = new Promise<{ code: number; received: number }>((resolve) => {
    const uninstall = health.installShutdown({
      signals: ["SIGHUP"],
      drainDelayMs: 0,
      exit: (code) => {
        uninstall();
        resolve({ code, received: endpoint.received.length });
      },
    });
  });
  captureException(new Error("grading failed just before the deploy"));
  process.emit("SIGHUP", "SIGHUP"); // its listeners only: no real signal
  const { code, received } = await delivered;
  assert.equal(code, 0);
  assert.equal(received, 2, "the exit waited for the retried envelope");
  const { event } = decode(endpoint.received[1] as Received);
  assert.equal(event.exception?.values.at(-1)?.value, "grading failed just before the deploy");
});

function runProgram(program: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env };
  delete env.NODE_TEST_CONTEXT;
  delete env.LOG_LEVEL;
  delete env.LOG_FORMAT;
  const child = spawn(process.execPath, ["--input-type=module", "-e", program], { stdio: "pipe", env });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return Promise.all([collect(child.stdout), collect(child.stderr), exited]).then(([stdout, stderr, code]) => ({
    code,
    stdout: stdout.toString("utf8"),
    stderr: stderr.toString("utf8"),
  }));
}

const ERRORS_MODULE = new URL("../src/errors/index.ts", import.meta.url).href;

test("an uncaught exception is sent before the process exits 1", TEST_OPTIONS, async () => {
  const { code } = await runProgram(`
    const { initErrors } = await import(${JSON.stringify(ERRORS_MODULE)});
    await initErrors({ dsn: ${JSON.stringify(endpoint.dsn)}, release: "9.9.9" });
    setTimeout(() => { throw new RangeError("crashed while grading"); }, 1);
  `);
  assert.equal(code, 1);
  assert.equal(endpoint.received.length, 1);
  const { event } = decode(endpoint.received[0] as Received);
  assert.equal(event.level, "fatal");
  assert.equal(event.release, "9.9.9");
  assert.equal(event.exception?.values.at(-1)?.value, "crashed while grading");
});

test("a bad dsn is a coded error at initErrors", TEST_OPTIONS, async () => {
  for (const dsn of ["http://127.0.0.1:9/42", "http://key@127.0.0.1:9/", "ftp://key@127.0.0.1/42"]) {
    await assert.rejects(initErrors({ dsn, handleUncaught: false }), { code: "SIGHTLINE_ERR_INVALID_OPTION" }, dsn);
  }
});

test(
  "@sentry/core is loaded only with a dsn; missing, it is a clear coded error",
  { ...TEST_OPTIONS, skip: NEEDS_REGISTER_HOOKS },
  async () => {
    // the child resolves no @sentry/* package, as if it were not installed, and counts the tries
    const { stdout, stderr } = await runProgram(`
    import { registerHooks } from "node:module";
    const asked = [];
    registerHooks({
      resolve(specifier, context, next) {
        if (specifier.startsWith("@sentry/")) {
          asked.push(specifier);
          const error = new Error("Cannot find package '" + specifier + "'");
          error.code = "ERR_MODULE_NOT_FOUND";
          throw error;
        }
        return next(specifier, context);
      },
    });
    const { initErrors, closeErrors } = await import(${JSON.stringify(ERRORS_MODULE)});
    await initErrors({ store: "memory", handleUncaught: false });
    const before = asked.length;
    let failure;
    try {
      await initErrors({ dsn: "https://key@sentry.example/1", handleUncaught: false });
    } catch (error) {
      failure = { code: error.code, message: error.message };
    }
    await closeErrors();
    process.stdout.write(JSON.stringify({ before, after: asked.length, failure }));
  `);
    const result = JSON.parse(stdout || "{}") as {
      before?: number;
      after?: number;
      failure?: { code: string; message: string };
    };
    assert.equal(result.before, 0, `@sentry/core was loaded without a dsn ${stderr}`);
    assert.ok((result.after ?? 0) > 0);
    assert.equal(result.failure?.code, "SIGHTLINE_ERR_INVALID_OPTION");
    assert.match(
      result.failure?.message ?? "",
      /dsn of initErrors\(\): given but @sentry\/core is not installed: npm install @sentry\/core/,
    );
  },
);
