import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, beforeEach, test } from "node:test";
import { getLogger, withContext } from "../index.ts";
import { sightline } from "../http/adapters/node.ts";
import { runBeforeExit } from "../internal/lifecycle.ts";
import { Registry } from "../metrics/index.ts";
import { captureLogs, resetForTests, type CapturedLogs } from "../testing/index.ts";
import {
  captureException,
  captureMessage,
  closeErrors,
  flushErrors,
  getCapturedEvents,
  getErrorGroups,
  initErrors,
  setContext,
  setTag,
  setUser,
  withScope,
  type ErrorSink,
} from "./index.ts";

let logs: CapturedLogs;
beforeEach(async () => {
  logs = captureLogs();
  await initErrors({ store: "memory", environment: "test", release: "1.0.0", handleUncaught: false });
});
afterEach(async () => {
  await closeErrors();
  resetForTests();
});

function failingOperation(): never {
  throw new TypeError("could not save the answer", { cause: new Error("connect ECONNREFUSED 127.0.0.1:5432") });
}

test("the event: id, level, environment, release, runtime, exception chain with parsed frames", () => {
  let id: string | undefined;
  try {
    failingOperation();
  } catch (error) {
    id = captureException(error, { tags: { assessment_id: "a1" }, context: { assessment: { skill_area: "math" } } });
  }
  const [event] = getCapturedEvents();
  assert.ok(event);
  assert.equal(event.event_id, id);
  assert.match(event.event_id, /^[0-9a-f]{32}$/);
  assert.equal(event.level, "error");
  assert.equal(event.environment, "test");
  assert.equal(event.release, "1.0.0");
  assert.equal(event.contexts.runtime?.name, "node");
  assert.deepEqual(event.contexts.assessment, { skill_area: "math" });
  assert.deepEqual(event.tags, { assessment_id: "a1" });
  const values = event.exception?.values ?? [];
  assert.deepEqual(
    values.map((v) => [v.type, v.value, v.mechanism?.source]),
    [
      ["Error", "connect ECONNREFUSED 127.0.0.1:5432", "cause"],
      ["TypeError", "could not save the answer", undefined],
    ],
  );
  const frames = values[1]?.stacktrace?.frames ?? [];
  const top = frames[frames.length - 1];
  assert.equal(top?.function, "failingOperation");
  assert.equal(top?.filename, "src/errors/capture.test.ts");
  assert.equal(top?.in_app, true);
  assert.equal(typeof top?.lineno, "number");
  assert.ok(
    frames.some((frame) => !frame.in_app),
    "node internals are not in_app",
  );
});

test("AggregateError members are in the chain", () => {
  captureException(new AggregateError([new Error("primary down"), new RangeError("backup down")], "all failed"));
  const values = getCapturedEvents()[0]?.exception?.values ?? [];
  assert.deepEqual(
    values.map((v) => v.value),
    ["backup down", "primary down", "all failed"],
  );
});

test("scopes: withScope keeps its tags inside; the user sends only its id by default", () => {
  setUser({ id: "u1", email: "ada@example.com" });
  withScope((scope) => {
    scope.tags.inside = "yes";
    setTag("also", "inside");
    captureMessage("inside");
  });
  captureMessage("outside");
  const [inside, outside] = getCapturedEvents();
  assert.deepEqual(inside?.tags, { inside: "yes", also: "inside" });
  assert.equal(outside?.tags, undefined);
  assert.deepEqual(inside?.user, { id: "u1" });
  setUser(undefined);
});

test("concurrent requests never see each other's user, tags or breadcrumbs", async () => {
  const log = getLogger("app");
  const instrument = sightline({ metrics: { registry: new Registry() } });
  const server = createServer(
    instrument(async (req) => {
      const who = (req.url ?? "").slice(1);
      setUser({ id: who });
      setTag("who", who);
      log.info("step_one", { who });
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10));
      log.info("step_two", { who });
      throw new Error(`failed for ${who}`);
    }),
  );
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        fetch(`${base}/u${i}`, { headers: { authorization: "Bearer s3cret-token-123", cookie: "sid=abc" } }).then((r) =>
          r.arrayBuffer(),
        ),
      ),
    );
  } finally {
    server.close();
  }
  const events = getCapturedEvents();
  assert.equal(events.length, 8); // one group: at most 10 a minute
  for (const event of events) {
    const who = event.user?.id;
    assert.equal(event.tags?.who, who);
    assert.equal(event.exception?.values.at(-1)?.value, `failed for ${who}`);
    assert.equal(event.request?.method, "GET");
    assert.equal(event.request?.url, `/${who}`);
    assert.equal(event.request?.headers?.["user-agent"] !== undefined, true);
    assert.equal(event.request?.headers?.authorization, undefined);
    assert.equal(event.request?.headers?.cookie, undefined);
    const crumbs = event.breadcrumbs?.values ?? [];
    assert.deepEqual(
      crumbs.map((c) => [c.message, c.data?.who]),
      [
        ["step_one", who],
        ["step_two", who],
        ["request_failed", undefined],
      ],
    );
    assert.match(String(event.extra?.request_id), /^[0-9a-f-]{36}$/);
  }
});

test("secrets never reach an event: fields, messages, breadcrumbs and contexts are redacted", async () => {
  await withContext({}, async () => {
    withScope(() => {
      getLogger("app").info("login_attempt", { password: "hunter2", token: "tok_123456789" });
      setContext("db", { url: "postgres://app:s3cret@db:5432/app" });
      captureException(new Error("auth failed: password=hunter2 Bearer abcdefghijk123"));
    });
  });
  const text = JSON.stringify(getCapturedEvents());
  for (const secret of ["hunter2", "tok_123456789", "s3cret", "abcdefghijk123"])
    assert.ok(!text.includes(secret), secret);
});

test("repeats are one group with a count; a burst is rate limited and the drops reported", async () => {
  for (let i = 0; i < 15; i++) {
    try {
      failingOperation();
    } catch (error) {
      captureException(error);
    }
  }
  const groups = getErrorGroups();
  assert.equal(groups.length, 1);
  assert.equal(groups[0]?.count, 15);
  assert.equal(getCapturedEvents().length, 10, "10 per group per minute");
  await logs.flush();
  assert.ok(logs.records.some((r) => r.event === "error_events_rate_limited"));
});

test("a beforeSend that throws drops the event and never reaches user code; one that edits is obeyed", async () => {
  await initErrors({
    store: "memory",
    handleUncaught: false,
    beforeSend: (event) => {
      if (event.message?.formatted === "explode") throw new Error("hook bug");
      if (event.message?.formatted === "drop") return null;
      return { ...event, tags: { edited: "yes" } };
    },
  });
  assert.equal(captureMessage("explode"), undefined);
  assert.equal(captureMessage("drop"), undefined);
  assert.ok(captureMessage("keep"));
  assert.deepEqual(
    getCapturedEvents().map((e) => [e.message?.formatted, e.tags]),
    [["keep", { edited: "yes" }]],
  );
  await logs.flush();
  assert.ok(logs.records.some((r) => r.event === "error_before_send_failed"));
});

test("without initErrors, capture is a no-op that still logs", async () => {
  await closeErrors();
  assert.equal(captureException(new Error("not lost")), undefined);
  await logs.flush();
  const line = logs.records.find((r) => r.event === "error_captured");
  assert.equal(line?.error_message, "not lost");
});

test("bad options are coded errors", async () => {
  await assert.rejects(() => initErrors({ sampleRate: 2 }), { code: "SIGHTLINE_ERR_INVALID_OPTION" });
  await assert.rejects(() => initErrors({ dsn: "not a dsn" }), /dsn/);
  // a typo or a store of the wrong shape fails at start-up instead of being ignored
  await assert.rejects(() => initErrors({ sampelRate: 0.5 } as never), {
    code: "SIGHTLINE_ERR_INVALID_OPTION",
    message: /"sampelRate" of initErrors\(\): not an option \(did you mean "sampleRate"\?\)/,
  });
  await assert.rejects(() => initErrors({ store: "postgres" } as never), {
    message: /store of initErrors\(\): expected one of "sqlite", "memory" or an ErrorSink/,
  });
  await assert.rejects(() => initErrors({ handleUncaught: "no" } as never), /handleUncaught of initErrors\(\)/);
});

test("the same error object captured by two layers is one event", () => {
  const error = new Error("once");
  const first = captureException(error);
  const second = captureException(error);
  assert.equal(second, first);
  assert.equal(getCapturedEvents().length, 1);
});

test("a sink that fails to send or flush is logged with its name; the caller never sees it", async () => {
  await closeErrors();
  class BrokenSink {
    send(): void {
      throw new Error("disk full");
    }
    flush(): Promise<void> {
      return Promise.reject(new Error("connection reset"));
    }
    close(): void {}
  }
  await initErrors({ store: new BrokenSink(), handleUncaught: false });
  const id = captureException(new Error("boom"));
  assert.equal(typeof id, "string");
  await flushErrors(100);
  await logs.flush();
  const sent = logs.records.find((l) => l.event === "error_sink_failed");
  assert.equal(sent?.sink, "BrokenSink");
  assert.equal(sent?.event_id, id);
  assert.equal(sent?.error_message, "disk full");
  const flushed = logs.records.find((l) => l.event === "error_sink_flush_failed");
  assert.equal(flushed?.sink, "BrokenSink");
  assert.equal(flushed?.timeout_ms, 100);
  assert.equal(flushed?.error_message, "connection reset");
});

test("breadcrumbs are kept in console format too (they are read as JSON lines)", async () => {
  resetForTests();
  logs = captureLogs({ format: "console" });
  await initErrors({ store: "memory", handleUncaught: false });
  withScope(() => {
    getLogger("app").info("grading_started", { assessment_id: "a-7" });
    captureException(new Error("grading failed"));
  });
  const crumbs = getCapturedEvents()[0]?.breadcrumbs?.values ?? [];
  assert.deepEqual(
    crumbs.map((c) => [c.message, c.data?.assessment_id]),
    [["grading_started", "a-7"]],
  );
  await logs.flush();
  assert.match(logs.text(), /grading_started/);
});

test("a scope keeps its last maxBreadcrumbs lines; a scope inside starts from them and keeps its own", async () => {
  await initErrors({ store: "memory", handleUncaught: false, maxBreadcrumbs: 3 });
  const log = getLogger("app");
  withScope(() => {
    for (const step of [1, 2, 3, 4]) log.info("step", { step });
    withScope(() => {
      log.info("inner");
      captureMessage("inside");
    });
    captureMessage("outside");
  });
  const crumbs = (message: string) =>
    getCapturedEvents()
      .find((event) => event.message?.formatted === message)
      ?.breadcrumbs?.values.map((crumb) => crumb.data?.step ?? crumb.message);
  assert.deepEqual(crumbs("inside"), [3, 4, "inner"]);
  assert.deepEqual(crumbs("outside"), [2, 3, 4]);
});

test("a graceful exit flushes the sinks in use, and no longer those of a closed setup", async () => {
  const flushed: string[] = [];
  const sink = (name: string): ErrorSink => ({
    send: () => {},
    flush: async () => void flushed.push(name),
    close: () => {},
  });
  await initErrors({ store: sink("first"), handleUncaught: false });
  await runBeforeExit(100);
  assert.deepEqual(flushed, ["first"]);
  await initErrors({ store: sink("second"), handleUncaught: false }); // closes (and flushes) the first
  flushed.length = 0;
  await runBeforeExit(100);
  assert.deepEqual(flushed, ["second"]);
  await closeErrors();
  flushed.length = 0;
  await runBeforeExit(100);
  assert.deepEqual(flushed, []);
});
