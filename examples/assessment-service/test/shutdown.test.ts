// Graceful shutdown of the real service under load, the way it happens behind a load balancer:
// concurrent learners send requests (fetch, kept-alive connections) through a "balancer" that
// probes /health/ready every 100 ms and stops routing to the instance once readiness fails. The
// service gets SIGTERM in the middle of the burst. Every request sent must be answered: those
// in flight at the signal, and those the balancer still sent before it noticed (the drain delay
// is there for them). The service must exit 0 and log every answered request exactly once with
// its business lines, shutdown_completed last. Bounded in requests and time; the service's output
// is printed only when an assertion fails.
//
// A client that ignores readiness and keeps connecting until the listener closes is not
// modelled: connections still in the kernel's accept queue when any server closes its listening
// socket are reset by the kernel, which is why the drain delay exists (docs/example.md).

import assert from "node:assert/strict";
import { after, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { withTimeout } from "../../../packages/sightline/test/helpers/child-process.ts";
import { startService, type LogRecord, type ServiceProcess } from "./service-process.ts";

const LOOPS = 24;
const SIGNAL_AFTER_RESPONSES = 200;
const DRAIN_MS = 800;
/** How often the balancer probes readiness: well inside the drain delay. */
const PROBE_INTERVAL_MS = 100;
/** 503s the balancer sees before it stops probing (the instance is out of rotation). */
const PROBES_WHILE_DRAINING = 3;
/** Bounds: requests per client loop, and the whole burst (the service should refuse within ~1 s of the drain). */
const MAX_REQUESTS_PER_LOOP = 500;
const BURST_LIMIT_MS = 20_000;
const REQUEST_TIMEOUT_MS = 5_000;

const ASSESSMENTS = [
  { id: "math-1", questions: ["q1", "q2", "q3"] },
  { id: "reading-1", questions: ["q1", "q2"] },
  { id: "science-1", questions: ["q1", "q2"] },
] as const;

/** One request of a learner's cycle, the status it gets and the business lines it writes. */
interface Step {
  method: "GET" | "POST" | "PUT";
  path: string;
  route: string;
  body?: unknown;
  status: number;
  /** Events logged with the request's id besides request_completed, in order. */
  events: readonly string[];
}

/**
 * A learner's cycle: list, start, answer every question, look at the attempt, submit, retake
 * (which allows starting again), and again. Every step succeeds, so every status is known.
 */
function cycle(assessment: (typeof ASSESSMENTS)[number]): Step[] {
  const base = `/assessments/${assessment.id}`;
  return [
    { method: "GET", path: "/assessments", route: "/assessments", status: 200, events: ["assessments_listed"] },
    {
      method: "POST",
      path: `${base}/start`,
      route: "/assessments/:id/start",
      status: 201,
      events: ["assessment_started"],
    },
    ...assessment.questions.map((q): Step => ({
      method: "PUT",
      path: `${base}/answers/${q}`,
      route: "/assessments/:id/answers/:questionId",
      body: { value: 3 },
      status: 200,
      events: ["answer_saved"],
    })),
    // the route logs nothing of its own when it answers 200: only the access line
    { method: "GET", path: base, route: "/assessments/:id", status: 200, events: [] },
    {
      method: "POST",
      path: `${base}/submit`,
      route: "/assessments/:id/submit",
      status: 200,
      events: ["assessment_submitted"],
    },
    {
      method: "POST",
      path: `${base}/retake`,
      route: "/assessments/:id/retake",
      status: 200,
      events: ["retake_flow_started", "retake_flow_completed"], // its steps are debug lines
    },
  ];
}

interface Sent {
  id: string;
  method: string;
  path: string;
  /** ms since the signal was sent (NaN: before it). */
  sentAt: number;
}
interface Answered extends Sent {
  step: Step;
  status: number;
  headerId: string | null;
  connection: string | null;
}
interface Failed extends Sent {
  failedAt: number;
  error: string;
}

/** The message and the cause's code of a fetch failure: "fetch failed (ECONNRESET: read ECONNRESET)". */
function describeError(error: unknown): { code: string | undefined; text: string } {
  const cause = (error as { cause?: unknown }).cause;
  const code = (cause as { code?: unknown } | undefined)?.code;
  const detail = cause instanceof Error ? ` (${String(code ?? cause.name)}: ${cause.message})` : "";
  return { code: typeof code === "string" ? code : undefined, text: `${(error as Error).message}${detail}` };
}

/** "12.3 ms after SIGTERM", or "before SIGTERM". */
function when(msSinceSignal: number): string {
  return Number.isNaN(msSinceSignal) ? "before SIGTERM" : `${msSinceSignal.toFixed(1)} ms after SIGTERM`;
}

let service: ServiceProcess | undefined;
after(async () => {
  await service?.stop();
});

test("SIGTERM during a traffic burst loses no request and no line", { timeout: 60_000 }, async (t) => {
  service = await startService({
    env: { SHUTDOWN_DRAIN_MS: String(DRAIN_MS), RATE_LIMIT_PER_MINUTE: "1000000" },
  });
  const running = service;
  const failWith = (message: string) => `${message}\n--- the service's last lines ---\n${running.output(60)}`;

  const ready = await fetch(`${running.url}/health/ready`);
  await ready.arrayBuffer();
  assert.equal(ready.status, 200, "ready before the burst");

  const run = Date.now().toString(36);
  const answered: Answered[] = [];
  const failed: Failed[] = [];
  let routing = true; // the balancer sends traffic to the instance
  let signalAt: number | undefined; // performance.now() when SIGTERM was sent
  const since = () => (signalAt === undefined ? Number.NaN : performance.now() - signalAt); // NaN: before it
  const burstDeadline = performance.now() + BURST_LIMIT_MS;

  /** One request; false once the loop must stop (it failed). */
  async function send(id: string, userId: string, step: Step): Promise<boolean> {
    const sent: Sent = { id, method: step.method, path: step.path, sentAt: since() };
    try {
      const response = await fetch(`${running.url}${step.path}`, {
        method: step.method,
        headers: {
          "x-request-id": id,
          "x-user-id": userId,
          ...(step.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: step.body === undefined ? undefined : JSON.stringify(step.body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      await response.arrayBuffer();
      answered.push({
        ...sent,
        step,
        status: response.status,
        headerId: response.headers.get("x-request-id"),
        connection: response.headers.get("connection"),
      });
      if (signalAt === undefined && answered.length >= SIGNAL_AFTER_RESPONSES) {
        signalAt = performance.now();
        running.signal("SIGTERM");
      }
      return true;
    } catch (error) {
      failed.push({ ...sent, failedAt: since(), error: describeError(error).text });
      return false;
    }
  }

  async function learner(loop: number): Promise<void> {
    const userId = `u-burst-${run}-${loop}`;
    const steps = cycle(ASSESSMENTS[loop % ASSESSMENTS.length] as (typeof ASSESSMENTS)[number]);
    for (let n = 0; n < MAX_REQUESTS_PER_LOOP && performance.now() < burstDeadline; n++) {
      if (!routing) return; // the balancer sends this learner's next requests elsewhere
      // send() records the failure that stops a loop
      if (!(await send(`burst-${run}-${loop}-${n}`, userId, steps[n % steps.length] as Step))) return;
    }
    const at = since();
    failed.push({
      id: `loop ${loop}`,
      method: "-",
      path: "-",
      sentAt: at,
      failedAt: at,
      error: "still routed at the end",
    });
  }

  /** The balancer's probe: readiness every PROBE_INTERVAL_MS; a 503 takes the instance out of rotation. */
  async function probeReadiness(): Promise<number[]> {
    const statuses: number[] = [];
    for (let n = 0; performance.now() < burstDeadline; n++) {
      const sent: Sent = { id: `readiness-${n}`, method: "GET", path: "/health/ready", sentAt: since() };
      try {
        const response = await fetch(`${running.url}/health/ready`, {
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        await response.arrayBuffer();
        statuses.push(response.status);
      } catch (error) {
        failed.push({ ...sent, failedAt: since(), error: describeError(error).text });
        routing = false;
        return statuses;
      }
      if (statuses.at(-1) === 503) routing = false;
      if (statuses.filter((status) => status === 503).length >= PROBES_WHILE_DRAINING) return statuses;
      if (signalAt === undefined && !routing) return statuses; // not ready before the signal: fails below
      await sleep(PROBE_INTERVAL_MS);
    }
    return statuses;
  }

  const readiness = probeReadiness();
  await Promise.all(Array.from({ length: LOOPS }, (_, loop) => learner(loop)));
  routing = false; // the burst is over either way: the probe stops
  const readyStatuses = await readiness;
  const status = await withTimeout(running.exited, 15_000, "the service's exit");
  assert.ok(signalAt !== undefined, failWith(`only ${answered.length} responses, no signal sent`));

  // --- the process: exit 0, every line JSON, shutdown_started ... shutdown_completed last ---
  assert.deepEqual(status, { code: 0, signal: null }, failWith("exit status"));
  const lines = running.lines();
  const events = lines.map((line) => line.event);
  assert.equal(events.filter((e) => e === "shutdown_started").length, 1, failWith("one shutdown_started"));
  assert.equal(events.filter((e) => e === "shutdown_completed").length, 1, failWith("one shutdown_completed"));
  assert.equal(events.at(-1), "shutdown_completed", failWith("shutdown_completed is the last line"));
  const startedIndex = events.indexOf("shutdown_started");
  assert.equal(lines[startedIndex]?.signal, "SIGTERM");
  const errors = lines.filter((line) => line.level === "error" || line.level === "critical");
  assert.deepEqual(errors, [], "no error lines");

  // --- every answer: the expected status, its id echoed, one access line, its business lines ---
  const byRequest = new Map<string, Array<{ line: LogRecord; index: number }>>();
  lines.forEach((line, index) => {
    if (typeof line.request_id !== "string") return; // start-up and shutdown lines
    const list = byRequest.get(line.request_id) ?? [];
    list.push({ line, index });
    byRequest.set(line.request_id, list);
  });
  let handledWhileDraining = 0;
  for (const a of answered) {
    const what = `${a.id} ${a.method} ${a.path}`;
    assert.equal(a.status, a.step.status, `${what}: status`);
    assert.equal(a.headerId, a.id, `${what}: x-request-id echoed`);
    const own = byRequest.get(a.id) ?? [];
    const access = own.filter(({ line }) => line.event === "request_completed");
    assert.equal(access.length, 1, `${what}: one access line, got ${JSON.stringify(own.map(({ line }) => line))}`);
    assert.equal(access[0]?.line.status, a.status, `${what}: the access line's status`);
    assert.equal(access[0]?.line.route, a.step.route, `${what}: the access line's route`);
    // request_slow may follow a slow request on a busy machine; it is not a business line
    const business = own.map(({ line }) => line.event).filter((e) => e !== "request_completed" && e !== "request_slow");
    assert.deepEqual(business, a.step.events, `${what}: its business lines`);
    // handled after the signal (its first line follows shutdown_started): told to reconnect
    const first = own[0];
    if (a.step.events.length > 0 && first !== undefined && first.index > startedIndex) {
      handledWhileDraining++;
      assert.equal(a.connection, "close", `${what}: handled while draining, answered with connection: close`);
    }
  }
  // --- draining: readiness failed, requests sent after the signal were answered ---
  assert.ok(readyStatuses.includes(503), `readiness while draining: ${JSON.stringify(readyStatuses)}`);
  assert.ok(
    readyStatuses.slice(0, readyStatuses.indexOf(503)).every((s) => s === 200),
    `readiness 200 until the signal: ${JSON.stringify(readyStatuses)}`,
  );
  assert.ok(
    readyStatuses.slice(readyStatuses.indexOf(503)).every((s) => s === 503),
    `readiness stays 503 once draining: ${JSON.stringify(readyStatuses)}`,
  );
  const afterSignal = answered.filter((a) => a.sentAt >= 0); // NaN >= 0 is false
  assert.ok(afterSignal.length > 0, "requests sent after SIGTERM were answered");
  assert.ok(handledWhileDraining > 0, "requests were handled after shutdown_started");
  t.diagnostic(
    `${answered.length} answered (${afterSignal.length} sent after SIGTERM, ${handledWhileDraining} handled ` +
      `while draining), readiness ${readyStatuses.filter((s) => s === 503).length}× 503`,
  );

  // --- nothing lost: every request sent was answered ---
  const drainEnd = lines.find((line) => line.event === "shutdown_completed")?.duration_ms;
  const lost = failed.map(
    (f) =>
      `${f.id} ${f.method} ${f.path}: ${f.error}; sent ${when(f.sentAt)}, failed ${when(f.failedAt)}; ` +
      `logged by the service: ${byRequest.has(f.id) ? "yes" : "no"}`,
  );
  assert.deepEqual(
    lost,
    [],
    `${lost.length} requests failed (drain ${DRAIN_MS} ms, shutdown_completed after ${String(drainEnd)} ms)`,
  );
  const answeredIds = new Set(answered.map((a) => a.id));
  const unanswered = [...byRequest.keys()].filter((id) => !answeredIds.has(id));
  assert.deepEqual(unanswered, [], "requests the service logged but whose answer never reached the client");
});
