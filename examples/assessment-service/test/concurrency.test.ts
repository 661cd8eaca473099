// The write routes under parallel requests, on each database the service supports (#24): every
// race has one winner and answers the others 409 in JSON, nothing is written twice, and no answer
// is a 5xx, let alone one showing a driver's message. SQLite by default; PostgreSQL from Debian's
// package, started on a free 127.0.0.1 port (skipped, saying why, without it).

import assert from "node:assert/strict";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { captureLogs } from "sightline/testing";
import {
  postgresMissing,
  startPostgres,
  type RunningPostgres,
} from "../../../packages/sightline/test/helpers/postgres-server.ts";
import { createService, type Service } from "../src/service.ts";
import { as } from "./helpers.ts";

const PARALLEL = 10;
/** math-1's questions and their correct values (src/storage/schema.ts). */
const CORRECT = { q1: 3, q2: 2, q3: 10 } as const;

interface Answer {
  status: number;
  body: Record<string, unknown>;
}

/** Sends the same request `PARALLEL` times at once; answers sorted by status. */
async function race(service: Service, method: "POST" | "PUT", url: string, user: string, payload?: object) {
  const answers = await Promise.all(
    Array.from({ length: PARALLEL }, () => service.app.inject({ method, url, headers: as(user), payload })),
  );
  return answers
    .map((res): Answer => ({ status: res.statusCode, body: res.json() }))
    .sort((a, b) => a.status - b.status);
}

/** One winner with `status`; every other answer the same 409 body. */
function assertOneWinner(answers: readonly Answer[], status: number, conflict: Record<string, unknown>): void {
  assert.deepEqual(
    answers.map((answer) => answer.status),
    [status, ...Array<number>(PARALLEL - 1).fill(409)],
    JSON.stringify(answers),
  );
  for (const answer of answers.slice(1)) assert.deepEqual(answer.body, conflict);
}

async function call(service: Service, method: "POST" | "PUT", url: string, user: string, payload?: object) {
  const res = await service.app.inject({ method, url, headers: as(user), payload });
  assert.ok(res.statusCode < 300, `${method} ${url}: ${res.statusCode} ${res.body}`);
}

async function answerAll(service: Service, user: string): Promise<void> {
  for (const [question, value] of Object.entries(CORRECT)) {
    await call(service, "PUT", `/assessments/math-1/answers/${question}`, user, { value });
  }
}

/** The race tests on the service `open` creates; `server` starts and removes what it needs first. */
function writeRoutesUnderRace(
  database: string,
  open: (dataDir: string) => Promise<Service>,
  server?: { start(): Promise<void>; remove(): Promise<void> },
): void {
  let service: Service;
  let dataDir: string;
  before(async () => {
    await server?.start();
    dataDir = await mkdtemp(path.join(os.tmpdir(), `assessment-races-${database}-`));
    service = await open(dataDir);
    await service.app.ready();
  });
  after(async () => {
    await service?.app.close();
    await service?.close();
    await server?.remove();
    await rm(dataDir, { recursive: true, force: true });
  });

  test(`${database}: ten sign-ups with one email create one learner; the others get 409`, async () => {
    const payload = { name: "Ada", email: `ada-${database}@example.com`, password: "correct horse" };
    const answers = await race(service, "POST", "/users", "u-anonymous", payload);
    assertOneWinner(answers, 201, { error: "email already registered" });
    const rows = await service.db.all("SELECT id FROM users WHERE email = ?", [payload.email]);
    assert.equal(rows.length, 1);
  });

  test(`${database}: ten starts of one assessment start it once`, async () => {
    const answers = await race(service, "POST", "/assessments/math-1/start", "u-starts");
    assertOneWinner(answers, 201, { error: "assessment already in_progress" });
  });

  test(`${database}: ten submits score the attempt once`, async () => {
    await call(service, "POST", "/assessments/math-1/start", "u-submits");
    await answerAll(service, "u-submits");
    const answers = await race(service, "POST", "/assessments/math-1/submit", "u-submits");
    assertOneWinner(answers, 200, { error: "no assessment in progress" });
    assert.equal(answers[0]?.body.score, 100);
  });

  test(`${database}: answers changed while the attempt is submitted are either scored or refused`, async () => {
    await call(service, "POST", "/assessments/math-1/start", "u-late");
    await answerAll(service, "u-late");
    // the submit and nine wrong answers to q1 at once: an answer saved after the scoring would
    // leave a stored answer the score does not reflect
    const [submitted, ...changes] = await Promise.all([
      service.app.inject({ method: "POST", url: "/assessments/math-1/submit", headers: as("u-late") }),
      ...Array.from({ length: PARALLEL - 1 }, () =>
        service.app.inject({
          method: "PUT",
          url: "/assessments/math-1/answers/q1",
          headers: as("u-late"),
          payload: { value: 0 },
        }),
      ),
    ]);
    assert.equal(submitted?.statusCode, 200, submitted?.body);
    for (const change of changes) assert.ok([200, 409].includes(change.statusCode), change.body);
    const stored = await service.db.get<{ value: number }>(
      "SELECT value FROM answers WHERE user_id = ? AND assessment_id = 'math-1' AND question_id = 'q1'",
      ["u-late"],
    );
    const expected = stored?.value === CORRECT.q1 ? 100 : 67;
    assert.equal(submitted?.json().score, expected, `q1 is stored as ${stored?.value}`);
  });

  test(`${database}: ten retakes of a completed attempt enable one`, async () => {
    await call(service, "POST", "/assessments/math-1/start", "u-retakes");
    await answerAll(service, "u-retakes");
    await call(service, "POST", "/assessments/math-1/submit", "u-retakes");
    const answers = await race(service, "POST", "/assessments/math-1/retake", "u-retakes");
    assertOneWinner(answers, 200, { error: "assessment not completed yet" });
    assert.equal(answers[0]?.body.cleared, 3);
    const attempt = await service.db.get<{ status: string; retakes: number | string }>(
      "SELECT status, retakes FROM attempts WHERE user_id = ? AND assessment_id = 'math-1'",
      ["u-retakes"],
    );
    assert.deepEqual([attempt?.status, Number(attempt?.retakes)], ["retake_enabled", 1]);
  });

  test(`${database}: a failing request answers a generic 500 with the request id, the details in the log`, async () => {
    const logs = captureLogs({ service: "assessment-api" });
    const res = await service.app.inject({ method: "GET", url: "/demo/fail", headers: as("u-fail") });
    assert.equal(res.statusCode, 500);
    assert.deepEqual(res.json(), { error: "Internal Server Error", request_id: res.headers["x-request-id"] });
    await logs.flush();
    const failed = logs.records.find((record) => record.event === "request_failed");
    assert.equal(failed?.error_message, "could not grade the assessment");
  });
}

describe("SQLite (the default)", () => {
  writeRoutesUnderRace("sqlite", (dataDir) =>
    createService({ dataDir, databaseUrl: undefined, redisUrl: undefined, rateLimitPerMinute: 10_000, demo: true }),
  );
});

describe("PostgreSQL (DATABASE_URL)", { skip: postgresMissing() ?? false }, () => {
  let postgres: RunningPostgres | undefined;
  writeRoutesUnderRace(
    "postgresql",
    (dataDir) =>
      createService({
        dataDir,
        databaseUrl: postgres?.connectionString,
        redisUrl: undefined,
        rateLimitPerMinute: 10_000,
        demo: true,
      }),
    {
      start: async () => void (postgres = await startPostgres()),
      remove: async () => postgres?.remove(),
    },
  );
});
