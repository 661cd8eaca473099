// Express-specific translation: route templates under mounted routers, where errors surface.
// The shared behaviour is in test/http-express.test.ts (the conformance suite).

import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, test } from "node:test";
import express, { type ErrorRequestHandler } from "express";
import { getLogger } from "../../src/index.ts";
import { sightline, sightlineErrors } from "../../src/http/adapters/express.ts";
import { captureLogs, resetForTests, type CapturedLogs } from "../../src/testing/index.ts";

const log = getLogger("app");
let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
  resetForTests();
});

async function get(app: express.Express, path: string, logs: CapturedLogs): Promise<Response> {
  server ??= app.listen(0, "127.0.0.1");
  if (!server.listening) await new Promise((resolve) => server?.once("listening", resolve));
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
  await response.arrayBuffer();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await logs.flush();
  return response;
}

test("a router mounted on a prefix gives the full template (baseUrl + route path)", async () => {
  const logs = captureLogs();
  const app = express();
  const items = express.Router();
  items.get("/:id", (_req, res) => {
    log.info("inside");
    res.send("ok");
  });
  app.use(sightline({ metrics: false }));
  app.use("/api/items", items);
  await get(app, "/api/items/7", logs);
  const inside = logs.records.find((line) => line.event === "inside");
  const completed = logs.records.find((line) => line.event === "request_completed");
  assert.equal(inside?.route, "/api/items/:id");
  assert.equal(completed?.route, "/api/items/:id");
  assert.equal(completed?.path, "/api/items/7");
});

test("a sub-app with its own sightline() does not track the request twice", async () => {
  const logs = captureLogs();
  const app = express();
  const admin = express();
  admin.use(sightline({ metrics: false }));
  admin.get("/users/:id", (_req, res) => {
    res.send("ok");
  });
  app.use(sightline({ metrics: false }));
  app.use("/admin", admin);
  await get(app, "/admin/users/1", logs);
  const completed = logs.records.filter((line) => line.event === "request_completed");
  assert.equal(completed.length, 1);
  assert.equal(completed[0]?.route, "/admin/users/:id");
});

test("sightlineErrors() logs the error and passes the same error on to later error middleware", async () => {
  const logs = captureLogs();
  const app = express();
  const boom = new Error("teapot boom");
  let seen: unknown;
  const answer: ErrorRequestHandler = (error, _req, res, _next) => {
    seen = error;
    res.status(418).send("handled");
  };
  app.use(sightline({ metrics: false }));
  app.get("/fail", () => {
    throw boom;
  });
  app.use(sightlineErrors(), answer);
  const response = await get(app, "/fail", logs);
  assert.equal(response.status, 418);
  assert.equal(seen, boom);
  const failed = logs.records.find((line) => line.event === "request_failed");
  assert.equal(failed?.route, "/fail");
  assert.equal(failed?.request_id, response.headers.get("x-request-id"));
  assert.equal(logs.records.find((line) => line.event === "request_completed")?.status, 418);
});

test("sightlineErrors() without sightline() only passes the error on", async () => {
  const logs = captureLogs();
  const app = express();
  app.set("env", "test");
  app.get("/fail", () => {
    throw new Error("boom");
  });
  app.use(sightlineErrors());
  assert.equal((await get(app, "/fail", logs)).status, 500);
  assert.equal(logs.records.length, 0);
});
