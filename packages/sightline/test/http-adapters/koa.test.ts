// Koa-specific translation: route templates from @koa/router (prefixes, nested routers,
// router.use middleware), and errors that carry their own status.
// The shared behaviour is in test/http-koa.test.ts (the conformance suite).

import assert from "node:assert/strict";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, test } from "node:test";
import Router from "@koa/router";
import Koa from "koa";
import { getLogger } from "../../src/index.ts";
import { sightline } from "../../src/http/adapters/koa.ts";
import { captureLogs, resetForTests, type CapturedLogs, type LogRecord } from "../../src/testing/index.ts";

const log = getLogger("app");
let server: Server | undefined;

afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
  resetForTests();
});

async function get(app: Koa, path: string, logs: CapturedLogs): Promise<Response> {
  app.silent = true;
  server ??= app.listen(0, "127.0.0.1");
  if (!server.listening) await new Promise((resolve) => server?.once("listening", resolve));
  const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
  await response.arrayBuffer();
  await new Promise((resolve) => setTimeout(resolve, 20));
  await logs.flush();
  return response;
}

function line(logs: CapturedLogs, event: string): LogRecord | undefined {
  return logs.records.find((record) => record.event === event);
}

test("router.use() middleware sees the route's template, not its own catch-all path", async () => {
  const logs = captureLogs();
  const app = new Koa();
  const router = new Router();
  router.use(async (_ctx, next) => {
    log.info("in_router_middleware");
    await next();
  });
  router.get("/items/:id", (ctx) => {
    log.info("in_handler");
    ctx.body = "ok";
  });
  app.use(sightline({ metrics: false })).use(router.routes());
  await get(app, "/items/3", logs);
  assert.equal(line(logs, "in_router_middleware")?.route, "/items/:id");
  assert.equal(line(logs, "in_handler")?.route, "/items/:id");
  assert.equal(line(logs, "request_completed")?.route, "/items/:id");
});

test("prefixed and nested routers give the full template", async () => {
  const logs = captureLogs();
  const app = new Koa();
  const nested = new Router();
  nested.get("/:id", (ctx) => {
    ctx.body = "ok";
  });
  const api = new Router({ prefix: "/v1" });
  api.use("/items", nested.routes());
  app.use(sightline({ metrics: false })).use(api.routes());
  await get(app, "/v1/items/9", logs);
  assert.equal(line(logs, "request_completed")?.route, "/v1/items/:id");
});

test("a path only router.use() matched stays unmatched", async () => {
  const logs = captureLogs();
  const app = new Koa();
  const router = new Router();
  router.use(async (_ctx, next) => next());
  router.get("/items/:id", (ctx) => {
    ctx.body = "ok";
  });
  app.use(sightline({ metrics: false })).use(router.routes());
  assert.equal((await get(app, "/elsewhere", logs)).status, 404);
  assert.equal(line(logs, "request_completed")?.route, "unmatched");
});

test("an error with its own status keeps it, and the response keeps the request id", async () => {
  const logs = captureLogs();
  const app = new Koa();
  const router = new Router();
  router.get("/gone/:id", (ctx) => ctx.throw(410, "gone", { headers: { "retry-after": "60" } }));
  app.use(sightline({ metrics: false })).use(router.routes());
  const response = await get(app, "/gone/1", logs);
  assert.equal(response.status, 410);
  assert.equal(response.headers.get("retry-after"), "60");
  const id = response.headers.get("x-request-id");
  assert.ok(id);
  assert.equal(line(logs, "request_completed")?.request_id, id);
  assert.equal(line(logs, "request_completed")?.status, 410);
});
