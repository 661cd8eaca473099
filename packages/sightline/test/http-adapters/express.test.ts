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
import { collect, spawnFixture, withTimeout } from "../helpers/child-process.ts";

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

test("sightlineErrors({ respond: false }) logs the error and passes the same error on to later error middleware", async () => {
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
  app.use(sightlineErrors({ respond: false }), answer);
  const response = await get(app, "/fail", logs);
  assert.equal(response.status, 418);
  assert.equal(seen, boom);
  const failed = logs.records.find((line) => line.event === "request_failed");
  assert.equal(failed?.route, "/fail");
  assert.equal(failed?.request_id, response.headers.get("x-request-id"));
  assert.equal(logs.records.find((line) => line.event === "request_completed")?.status, 418);
});

test("sightlineErrors() without sightline() still answers, without a request id or a line", async () => {
  const logs = captureLogs();
  const app = express();
  app.get("/fail", () => {
    throw new Error("boom");
  });
  app.use(sightlineErrors());
  const response = await get(app, "/fail", logs);
  assert.equal(response.status, 500);
  assert.equal(logs.records.length, 0);
});

test("a thrown error is one request_failed line and a JSON 500 with the request id; Express prints no stack (#24)", async () => {
  const fixture = spawnFixture("express-error-server.ts");
  const [stdout, stderr, status] = await withTimeout(
    Promise.all([collect(fixture.child.stdout), collect(fixture.child.stderr), fixture.exited]),
    20_000,
    "express-error-server",
    fixture,
  );
  assert.equal(stderr.toString(), "", "nothing on stderr");
  assert.equal(status.code, 0);
  const lines = stdout
    .toString()
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as Record<string, any>);
  const [probe, late] = lines.filter((line) => line.probe !== undefined).map((line) => line.probe);
  assert.equal(probe.status, 500);
  assert.deepEqual(probe.body, { error: "Internal Server Error", request_id: probe.request_id });
  const failed = lines.filter((line) => line.event === "request_failed");
  assert.deepEqual(
    failed.map((line) => [line.route, line.error_message]),
    [
      ["/fail", "UNIQUE constraint failed: users.email"],
      ["/late", "stream broke"],
    ],
  );
  assert.equal(failed[0]?.request_id, probe.request_id);
  assert.equal(lines.filter((line) => line.event === "request_completed").length, 2);
  assert.notEqual(late.late, "answered", "a response already started is cut off, not completed");
});

test("sightlineErrors() answers a client error with its status and exposed message", async () => {
  const logs = captureLogs();
  const app = express();
  app.use(sightline({ metrics: false }));
  app.get("/teapot", () => {
    throw Object.assign(new Error("short and stout"), { status: 418, expose: true });
  });
  app.get("/secret", () => {
    throw Object.assign(new Error("db password is hunter2"), { status: 503, expose: true });
  });
  app.use(sightlineErrors());
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server?.once("listening", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const teapot = await fetch(`${base}/teapot`);
  assert.equal(teapot.status, 418);
  assert.deepEqual(await teapot.json(), { error: "short and stout", request_id: teapot.headers.get("x-request-id") });
  const unavailable = await fetch(`${base}/secret`);
  assert.equal(unavailable.status, 503);
  assert.equal(((await unavailable.json()) as { error: string }).error, "Service Unavailable");
  await logs.flush();
});
