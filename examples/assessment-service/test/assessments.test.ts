import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { scrapeMetrics } from "sightline/testing";
import { as, testApp } from "./helpers.ts";
import type { TestApp } from "./helpers.ts";

let t: TestApp;
before(async () => {
  t = await testApp({}, "debug");
});
after(async () => {
  await t.app.close();
});

async function takeAssessment(userId: string, id: string, questions: string[]): Promise<void> {
  assert.equal(
    (await t.app.inject({ method: "POST", url: `/assessments/${id}/start`, headers: as(userId) })).statusCode,
    201,
  );
  for (const q of questions) {
    const res = await t.app.inject({
      method: "PUT",
      url: `/assessments/${id}/answers/${q}`,
      headers: as(userId),
      payload: { value: 3 },
    });
    assert.equal(res.statusCode, 200);
  }
}

test("every line written during a request carries its request_id", async () => {
  await t.logs.flush();
  const from = t.logs.records.length;
  const res = await t.app.inject({ method: "POST", url: "/assessments/math-1/start", headers: as("u-ctx") });
  assert.equal(res.statusCode, 201);
  const requestId = res.headers["x-request-id"];
  assert.equal(typeof requestId, "string");
  await t.logs.flush();
  const lines = t.logs.records.slice(from);
  assert.ok(lines.length >= 2, "the business line and the access line");
  for (const line of lines) assert.equal(line.request_id, requestId, `${line.event} has the request id`);
  assert.ok(lines.some((l) => l.event === "assessment_started" && l.user_id === "u-ctx"));
});

test("an invalid question logs save_answer_skipped and answers 404", async () => {
  await t.app.inject({ method: "POST", url: "/assessments/reading-1/start", headers: as("u-inv") });
  const res = await t.app.inject({
    method: "PUT",
    url: "/assessments/reading-1/answers/q42",
    headers: as("u-inv"),
    payload: { value: 1 },
  });
  assert.equal(res.statusCode, 404);
  await t.logs.flush();
  const skipped = t.logs.records.find((l) => l.event === "save_answer_skipped" && l.question_id === "q42");
  assert.ok(skipped);
  assert.equal(skipped.level, "warning");
  assert.equal(skipped.reason, "invalid_question");
  assert.equal(skipped.request_id, res.headers["x-request-id"]);
});

test("submissions are counted by skill_area and status", async () => {
  await takeAssessment("u-sub", "math-1", ["q1", "q2", "q3"]);
  const ok = await t.app.inject({ method: "POST", url: "/assessments/math-1/submit", headers: as("u-sub") });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().status, "completed");
  await takeAssessment("u-sub", "reading-1", ["q1"]); // q2 left unanswered
  const invalid = await t.app.inject({ method: "POST", url: "/assessments/reading-1/submit", headers: as("u-sub") });
  assert.equal(invalid.statusCode, 422);

  const samples = await scrapeMetrics();
  const count = (skill_area: string, status: string) =>
    samples.find(
      (s) =>
        s.name === "assessment_submissions_total" && s.labels.skill_area === skill_area && s.labels.status === status,
    )?.value;
  assert.equal(count("math", "success"), 1);
  assert.equal(count("reading", "validation_error"), 1);
});

test("a retake logs started, each step and completed with one flow_id", async () => {
  await takeAssessment("u-ret", "science-1", ["q1", "q2"]);
  assert.equal(
    (await t.app.inject({ method: "POST", url: "/assessments/science-1/submit", headers: as("u-ret") })).statusCode,
    200,
  );
  await t.logs.flush();
  const from = t.logs.records.length;
  const res = await t.app.inject({ method: "POST", url: "/assessments/science-1/retake", headers: as("u-ret") });
  assert.equal(res.statusCode, 200);
  assert.equal(res.json().status, "retake_enabled");
  await t.logs.flush();
  const flowLines = t.logs.records.slice(from).filter((l) => String(l.event).startsWith("retake_flow_"));
  const started = flowLines.find((l) => l.event === "retake_flow_started");
  const completed = flowLines.find((l) => l.event === "retake_flow_completed");
  assert.ok(started && completed);
  assert.equal(started.skill_area, "science");
  const steps = new Set(flowLines.filter((l) => l.event === "retake_flow_step").map((l) => l.step));
  assert.deepEqual([...steps], ["load_completed", "clear_answers", "enable_retake"]);
  const ids = new Set(flowLines.map((l) => l.flow_id));
  assert.equal(ids.size, 1);
  assert.match(String(started.flow_id), /^retake-/);
  for (const line of flowLines) assert.equal(line.request_id, res.headers["x-request-id"]);
  // the assessment can be started again
  assert.equal(
    (await t.app.inject({ method: "POST", url: "/assessments/science-1/start", headers: as("u-ret") })).statusCode,
    201,
  );
});

test("a retake of an assessment not completed is skipped with a reason", async () => {
  const res = await t.app.inject({ method: "POST", url: "/assessments/math-1/retake", headers: as("u-none") });
  assert.equal(res.statusCode, 409);
  await t.logs.flush();
  const skipped = t.logs.records.find((l) => l.event === "retake_flow_skipped" && l.user_id === "u-none");
  assert.equal(skipped?.reason, "not_completed");
});

test("secrets in a request body appear in no log output", async () => {
  const password = "hunter2-very-secret-pw";
  const token = "tok_live_5f3c9a8b7e6d";
  const res = await t.app.inject({
    method: "POST",
    url: "/users",
    payload: { name: "Ada", email: "ada@example.com", password, token },
  });
  assert.equal(res.statusCode, 201);
  assert.ok(!JSON.stringify(res.json()).includes(password));
  await t.logs.flush();
  assert.ok(t.logs.records.some((l) => l.event === "user_created"));
  const text = t.logs.text();
  assert.ok(!text.includes(password));
  assert.ok(!text.includes(token));
});
