// The Fastify translation only: where route templates and errors come from. Behaviour is the
// conformance suite's (test/http-fastify.test.ts).

import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import Fastify from "fastify";
import { sightline, sightlineErrorHandler } from "../../src/http/adapters/fastify.ts";
import { Registry } from "../../src/metrics/index.ts";
import { captureLogs, resetForTests } from "../../src/testing/index.ts";

afterEach(() => resetForTests());

test("the hooks cover routes of encapsulated plugins, with their prefixed template", async () => {
  const logs = captureLogs();
  const app = Fastify();
  await app.register(sightline({ metrics: { registry: new Registry() } }));
  await app.register(
    async (child) => {
      child.get("/items/:id", async () => ({ ok: true }));
    },
    { prefix: "/api" },
  );
  const response = await app.inject({ url: "/api/items/3" });
  assert.equal(response.statusCode, 200);
  assert.ok(response.headers["x-request-id"]);
  await logs.flush();
  const line = logs.records.find((record) => record.event === "request_completed");
  assert.equal(line?.route, "/api/items/:id");
  await app.close();
});

test("an error with its own status keeps Fastify's response; only 5xx ones are reported as failures", async () => {
  const logs = captureLogs();
  const app = Fastify();
  await app.register(sightline({ metrics: { registry: new Registry() } }));
  app.get("/teapot", async () => {
    throw Object.assign(new Error("short and stout"), { statusCode: 418 });
  });
  app.get("/gateway", async () => {
    throw Object.assign(new Error("upstream down"), { statusCode: 502 });
  });
  const teapot = await app.inject({ url: "/teapot" });
  assert.equal(teapot.statusCode, 418);
  assert.equal(teapot.json().message, "short and stout");
  const gateway = await app.inject({ url: "/gateway" });
  assert.equal(gateway.statusCode, 502);
  await logs.flush();
  const failed = logs.records.filter((record) => record.event === "request_failed");
  assert.deepEqual(
    failed.map((record) => record.error_message),
    ["upstream down"],
  );
  assert.deepEqual(
    logs.records.filter((record) => record.event === "request_completed").map((record) => record.status),
    [418, 502],
  );
  await app.close();
});

test("sightlineErrorHandler: a 5xx body names no internals, a client error keeps its message, one failure line", async () => {
  const logs = captureLogs();
  const app = Fastify();
  await app.register(sightline({ metrics: { registry: new Registry() } }));
  app.setErrorHandler(sightlineErrorHandler);
  app.post("/users", { schema: { body: { type: "object", required: ["email"] } } }, async () => {
    throw Object.assign(new Error("UNIQUE constraint failed: users.email"), { code: "ERR_SQLITE_ERROR" });
  });
  app.get("/limited", async () => {
    throw Object.assign(new Error("slow down"), { statusCode: 429, expose: true, headers: { "retry-after": "30" } });
  });
  app.get("/private", async () => {
    throw Object.assign(new Error("token abc expired for db host 10.0.0.7"), { statusCode: 403 });
  });

  const failed = await app.inject({ method: "POST", url: "/users", payload: { email: "a@example.com" } });
  assert.equal(failed.statusCode, 500);
  assert.match(failed.headers["content-type"] ?? "", /^application\/json/);
  assert.deepEqual(failed.json(), { error: "Internal Server Error", request_id: failed.headers["x-request-id"] });

  const invalid = await app.inject({ method: "POST", url: "/users", payload: {} });
  assert.equal(invalid.statusCode, 400);
  assert.match(
    invalid.json().error,
    /must have required property 'email'/,
    "Fastify's validation message is for the client",
  );

  const limited = await app.inject({ url: "/limited" });
  assert.deepEqual(
    [limited.statusCode, limited.headers["retry-after"], limited.json().error],
    [429, "30", "slow down"],
  );
  const hidden = await app.inject({ url: "/private" });
  assert.deepEqual(hidden.json().error, "Forbidden", "a 4xx message not marked expose stays in the log");

  await logs.flush();
  const lines = logs.records.filter((record) => record.event === "request_failed");
  assert.deepEqual(
    lines.map((record) => [record.request_id, record.error_message]),
    [[failed.headers["x-request-id"], "UNIQUE constraint failed: users.email"]],
  );
  await app.close();
});
