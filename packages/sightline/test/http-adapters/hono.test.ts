// The Hono translation only: the route template among matched routes, errors through c.error,
// and app.request() (no node response to watch). Behaviour is the conformance suite's
// (test/http-hono.test.ts).

import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import { Hono } from "hono";
import { sightline } from "../../src/http/adapters/hono.ts";
import { Registry } from "../../src/metrics/index.ts";
import { captureLogs, resetForTests } from "../../src/testing/index.ts";

afterEach(() => resetForTests());

function instrumented(): Hono {
  const app = new Hono();
  app.use(sightline({ metrics: { registry: new Registry() } }));
  return app;
}

test("the template is the answering route's, not a middleware's; sub-apps keep their base path", async () => {
  const logs = captureLogs();
  const app = instrumented();
  const api = new Hono();
  api.use(async (_c, next) => next());
  api.get("/items/:id", () => new Response("item"));
  app.route("/api", api);
  app.use("/static/*", async (_c, next) => next());
  const response = await app.request("/api/items/3");
  assert.equal(response.status, 200);
  assert.ok(response.headers.get("x-request-id"), "the id is on a Response the handler built itself");
  await app.request("/static/missing.css");
  await logs.flush();
  const lines = logs.records.filter((record) => record.event === "request_completed");
  assert.deepEqual(
    lines.map((line) => [line.route, line.status]),
    [
      ["/api/items/:id", 200],
      ["unmatched", 404],
    ],
  );
});

test("a handler error surfaces through c.error; app.onError keeps its response", async () => {
  const logs = captureLogs();
  const app = instrumented();
  app.get("/boom", () => {
    throw new Error("boom");
  });
  app.onError((_error, c) => c.text("sorry", 500));
  const response = await app.request("/boom");
  assert.equal(await response.text(), "sorry");
  await logs.flush();
  assert.equal(logs.records.find((record) => record.event === "request_failed")?.route, "/boom");
  assert.equal(logs.records.find((record) => record.event === "request_completed")?.status, 500);
});

test("the built-in endpoints answer without a node response (app.request, other runtimes)", async () => {
  const app = instrumented();
  const response = await app.request("/metrics");
  assert.equal(response.status, 200);
  assert.match(response.headers.get("content-type") ?? "", /^text\/plain/);
  assert.match(await response.text(), /http_server_requests_total/);
});
