import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { as, testApp } from "./helpers.ts";
import type { TestApp } from "./helpers.ts";

let t: TestApp;
before(async () => {
  t = await testApp({ rateLimit: { limit: 10, windowMs: 60_000, now: () => 1_000 } }); // one window throughout
});
after(async () => {
  await t.app.close();
});

test("the rate limit warns at 80 % and answers 429 at the limit", async () => {
  const codes: number[] = [];
  for (let i = 0; i < 12; i++) {
    codes.push((await t.app.inject({ method: "GET", url: "/assessments", headers: as("u-busy") })).statusCode);
  }
  assert.deepEqual(codes, [...Array<number>(10).fill(200), 429, 429]);
  await t.logs.flush();
  const warnings = t.logs.records.filter((l) => l.event === "rate_limit_approaching");
  assert.equal(warnings.length, 1);
  assert.equal(warnings[0]?.level, "warning");
  assert.equal(warnings[0]?.current, 8);
  assert.equal(warnings[0]?.limit, 10);
  assert.equal(warnings[0]?.user_id, "u-busy");
  // another user is not limited
  assert.equal((await t.app.inject({ method: "GET", url: "/assessments", headers: as("u-calm") })).statusCode, 200);
});
