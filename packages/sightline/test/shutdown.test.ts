// Graceful shutdown with a real SIGTERM: test/fixtures/shutdown-server.ts runs a node:http server
// with installShutdown() in a child process. The fixture reports its states on stderr and, in its
// `gate` mode, waits in beforeShutdown and onShutdown until the test says go on stdin, so the
// test probes the process while it drains and after its server has closed without racing a timer.
// Every wait is bounded: a child that hangs fails the test (and is killed) instead of hanging it.

import assert from "node:assert/strict";
import { Agent, request, type IncomingHttpHeaders } from "node:http";
import { test } from "node:test";
import {
  LineWatcher,
  collect,
  nextMessage,
  parseJsonLines,
  spawnFixture,
  withTimeout,
  type ExitStatus,
  type FixtureProcess,
  type JsonRecord,
} from "./helpers/child-process.ts";

const FIXTURE = "shutdown-server.ts";
/** Safety net only: how long one step may take before the test fails instead of hanging. */
const SAFETY_MS = 10_000;
const TEST_OPTIONS = { timeout: 30_000 };
const IN_FLIGHT = 4;

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** GET http://127.0.0.1:<port><path>; `agent: false` opens a new connection just for it. */
function get(port: number, path: string, agent: Agent | false = false): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port, path, agent }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.once("error", reject);
      res.once("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.once("error", reject);
    req.setTimeout(SAFETY_MS, () => req.destroy(new Error(`GET ${path}: no answer after ${SAFETY_MS} ms`)));
    req.end();
  });
}

interface Running {
  run: FixtureProcess;
  stderr: LineWatcher;
  stdout: Promise<Buffer>;
  port: number;
}

async function start(args: readonly string[]): Promise<Running> {
  const run = spawnFixture(FIXTURE, args);
  const stderr = new LineWatcher(run.child.stderr);
  const stdout = collect(run.child.stdout);
  const listening = await step(nextMessage(stderr, "listening"), "listening", run);
  return { run, stderr, stdout, port: listening.port as number };
}

function step<T>(promise: Promise<T>, what: string, run: FixtureProcess): Promise<T> {
  return withTimeout(promise, SAFETY_MS, what, run);
}

/** Waits until `count` requests for `path` have reached the fixture. */
async function arrived(running: Running, path: string, count: number): Promise<void> {
  let seen = 0;
  await step(
    running.stderr.next((line) => line.includes(`"path":"${path}"`) && ++seen === count),
    `${count} × ${path} arrived`,
    running.run,
  );
}

/** The exit status and every stdout line, parsed (each must be a complete JSON line). */
async function finish(running: Running): Promise<{ status: ExitStatus; records: JsonRecord[] }> {
  const [status, stdout] = await step(
    Promise.all([running.run.exited, running.stdout, running.stderr.ended()]),
    "exit",
    running.run,
  );
  return { status, records: parseJsonLines(stdout) };
}

function events(records: readonly JsonRecord[]): string[] {
  return records.map((record) => record.event as string);
}

function only(records: readonly JsonRecord[], event: string): JsonRecord {
  const found = records.filter((record) => record.event === event);
  assert.equal(found.length, 1, `one ${event} line in ${JSON.stringify(events(records))}`);
  return found[0] as JsonRecord;
}

test(
  "SIGTERM: readiness 503 while draining, liveness 200, in-flight requests finish, logs flushed, exit 0",
  TEST_OPTIONS,
  async () => {
    const running = await start(["300", "5000", "gate"]);
    const { run, stderr, port } = running;
    const send = (line: string) => run.child.stdin.write(`${line}\n`);
    const agent = new Agent({ keepAlive: true });
    try {
      assert.equal((await get(port, "/health/ready")).status, 200);

      const slow = Array.from({ length: IN_FLIGHT }, () => get(port, "/slow", agent));
      await arrived(running, "/slow", IN_FLIGHT);
      run.child.kill("SIGTERM");
      await step(nextMessage(stderr, "draining"), "draining", run);

      // signal handled, server still open: new connections see a failing readiness, a live process
      const ready = await get(port, "/health/ready");
      assert.equal(ready.status, 503, ready.body);
      const report = JSON.parse(ready.body) as { status: string; draining?: boolean };
      assert.equal(report.status, "fail");
      assert.equal(report.draining, true);
      const live = await get(port, "/health");
      assert.equal(live.status, 200, live.body);
      send("continue"); // drain delay, then the server closes while the /slow requests run

      const answers = await step(Promise.all(slow), "in-flight requests", run);
      for (const answer of answers) {
        assert.equal(answer.status, 200, answer.body);
        assert.match(answer.body, /^slow \d$/);
        // the keep-alive connection is not reused: the client is told to reconnect elsewhere
        assert.equal(answer.headers.connection, "close");
      }

      await step(nextMessage(stderr, "closed"), "onShutdown", run);
      // the server has closed, the process is still alive (in onShutdown): connecting fails
      await assert.rejects(get(port, "/health"), { code: "ECONNREFUSED" });
      send("continue");

      const { status, records } = await finish(running);
      assert.deepEqual(status, { code: 0, signal: null }, stderr.text());
      const order = events(records);
      const started = only(records, "shutdown_started");
      assert.equal(started.signal, "SIGTERM");
      assert.equal(started.in_flight, IN_FLIGHT);
      assert.equal(started.drain_delay_ms, 300);
      assert.equal(records.filter((record) => record.event === "slow_done").length, IN_FLIGHT);
      only(records, "db_closed");
      assert.equal(typeof only(records, "shutdown_completed").duration_ms, "number");
      assert.deepEqual(
        order.filter((event) => event !== "slow_done" && event !== "listening"),
        ["shutdown_started", "db_closed", "shutdown_completed"],
      );
      assert.ok(order.lastIndexOf("slow_done") < order.indexOf("db_closed"), JSON.stringify(order));
      assert.equal(order.at(-1), "shutdown_completed", "shutdown_completed is the last line");
    } finally {
      agent.destroy();
      run.child.kill("SIGKILL");
    }
  },
);

test("a second SIGTERM while draining exits 1 at once with shutdown_forced", TEST_OPTIONS, async () => {
  const running = await start(["300", "5000", "gate"]);
  const { run, stderr, port } = running;
  try {
    const slow = get(port, "/slow").catch((error: unknown) => error); // cut off by the forced exit
    await arrived(running, "/slow", 1);
    run.child.kill("SIGTERM");
    await step(nextMessage(stderr, "draining"), "draining", run); // held in beforeShutdown
    run.child.kill("SIGTERM");

    const { status, records } = await finish(running);
    assert.deepEqual(status, { code: 1, signal: null }, stderr.text());
    const forced = only(records, "shutdown_forced");
    assert.equal(forced.level, "error");
    assert.equal(forced.signal, "SIGTERM");
    assert.equal(forced.in_flight, 1);
    assert.deepEqual(
      events(records).filter((event) => event !== "listening"),
      ["shutdown_started", "shutdown_forced"],
    );
    assert.ok((await slow) instanceof Error, "the request in flight was cut off");
  } finally {
    run.child.kill("SIGKILL");
  }
});

test("the grace period running out exits 1 with shutdown_timed_out and what was in flight", TEST_OPTIONS, async () => {
  const running = await start(["100", "1000"]);
  const { run, stderr, port } = running;
  try {
    const hung = get(port, "/hang").catch((error: unknown) => error); // never answered
    await arrived(running, "/hang", 1);
    run.child.kill("SIGTERM");

    const { status, records } = await finish(running);
    assert.deepEqual(status, { code: 1, signal: null }, stderr.text());
    const timedOut = only(records, "shutdown_timed_out");
    assert.equal(timedOut.level, "error");
    assert.ok((timedOut.in_flight as number) >= 1, JSON.stringify(timedOut));
    assert.equal(timedOut.grace_period_ms, 1000);
    assert.deepEqual(
      events(records).filter((event) => event !== "listening"),
      ["shutdown_started", "shutdown_timed_out"],
    );
    assert.ok((await hung) instanceof Error, "the hung request was cut off");
  } finally {
    run.child.kill("SIGKILL");
  }
});
