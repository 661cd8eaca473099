import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { closeErrors, getCapturedEvents, initErrors } from "sightline/errors";
import { as, testApp } from "./helpers.ts";
import type { TestApp } from "./helpers.ts";

let t: TestApp;
before(async () => {
  t = await testApp();
  await initErrors({ store: "memory", handleUncaught: false });
});
after(async () => {
  await closeErrors();
  await t.app.close();
});

test("the failing route yields one captured error whose breadcrumbs are the request's lines", async () => {
  await t.app.inject({ method: "GET", url: "/assessments", headers: as("u-other") }); // another request
  const res = await t.app.inject({ method: "GET", url: "/demo/fail", headers: as("u-fail") });
  assert.equal(res.statusCode, 500);
  await t.logs.flush();
  const events = getCapturedEvents();
  assert.equal(events.length, 1);
  const event = events[0] as unknown as Record<string, any>;
  const requestId = res.headers["x-request-id"];
  const messages = JSON.stringify(event.exception);
  assert.ok(messages.includes("could not grade the assessment"));
  assert.ok(messages.includes("ECONNREFUSED"), "the cause is in the chain");

  const crumbs = (event.breadcrumbs?.values ?? []) as { message: string }[];
  const requestLines = t.logs.records
    .filter((l) => l.request_id === requestId && l.event !== "request_completed" && l.event !== "request_failed")
    .map((l) => l.event);
  assert.deepEqual(requestLines, ["grading_started", "grading_rules_loaded"]);
  const crumbEvents = crumbs.map((c) => c.message);
  for (const e of requestLines) assert.ok(crumbEvents.includes(e), `breadcrumb ${e}`);
  assert.ok(!crumbEvents.includes("assessments_listed"), "no lines of another request");
});
