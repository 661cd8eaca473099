// The Fastify translation only: where route templates and errors come from. Behaviour is the
// conformance suite's (test/http-fastify.test.ts).

import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import Fastify from "fastify";
import { sightline } from "../../src/http/adapters/fastify.ts";
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
