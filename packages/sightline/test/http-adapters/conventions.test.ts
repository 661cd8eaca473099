// Each framework's usual way of adding a plugin or middleware either works or fails at once with
// a coded error that shows the right call (issue 16): `register(sightline, options)` on Fastify,
// `app.use(sightline)` without the call on Express, Koa and Hono, a listener passed where the
// node adapter takes options. And a mistyped option is an error, never ignored.

import assert from "node:assert/strict";
import { createServer, IncomingMessage, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";
import { Socket } from "node:net";
import { afterEach, test } from "node:test";
import Router from "@koa/router";
import express from "express";
import Fastify from "fastify";
import { Hono } from "hono";
import Koa from "koa";
import { sightline as sightlineExpress } from "../../src/http/adapters/express.ts";
import { sightline as sightlineFastify } from "../../src/http/adapters/fastify.ts";
import { sightline as sightlineHono } from "../../src/http/adapters/hono.ts";
import { sightline as sightlineKoa } from "../../src/http/adapters/koa.ts";
import { sightline as sightlineNode } from "../../src/http/adapters/node.ts";
import { SightlineError } from "../../src/index.ts";
import { Registry } from "../../src/metrics/index.ts";
import { captureLogs, resetForTests, type CapturedLogs } from "../../src/testing/index.ts";

afterEach(() => resetForTests());

/** Serves `listener` on a free port for one GET of `path`; the response and the logged lines. */
async function getOnce(listener: RequestListener, path: string, logs: CapturedLogs) {
  const server = createServer(listener).listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`);
    const body = await response.text();
    await new Promise((resolve) => setTimeout(resolve, 20)); // the access line follows 'close'
    await logs.flush();
    return { response, body, completed: logs.records.filter((record) => record.event === "request_completed") };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

function assertInstrumented(result: Awaited<ReturnType<typeof getOnce>>, route: string): void {
  assert.equal(result.response.status, 200);
  const id = result.response.headers.get("x-request-id");
  assert.ok(id !== null && id.length > 0, "the request id is echoed");
  assert.equal(result.completed.length, 1, "one access line");
  assert.equal(result.completed[0]?.request_id, id);
  assert.equal(result.completed[0]?.route, route);
}

test("Fastify: register(sightline, options) works like register(sightline(options)), prefix and all", async () => {
  for (const register of ["plugin with options", "factory call"] as const) {
    const logs = captureLogs();
    const app = Fastify();
    const options = { metrics: { registry: new Registry() }, slowRequestMs: 60_000 };
    if (register === "plugin with options") await app.register(sightlineFastify, { ...options, prefix: "/ignored" });
    else await app.register(sightlineFastify(options));
    // registered before a sibling plugin, its hooks still cover it (not encapsulated)
    await app.register(async (child) => child.get("/items/:id", async () => ({ ok: true })), { prefix: "/api" });
    const response = await app.inject({ url: "/api/items/7" });
    await logs.flush();
    assert.equal(response.statusCode, 200, register);
    const line = logs.records.find((record) => record.event === "request_completed");
    assert.equal(line?.route, "/api/items/:id", register);
    assert.equal(line?.request_id, response.headers["x-request-id"], register);
    await app.close();
  }
});

test("Fastify: register(sightline, options) with a mistyped option fails the registration", async () => {
  const app = Fastify();
  await assert.rejects(
    async () => {
      await app.register(sightlineFastify, { slowRequestMS: 500 } as never);
    },
    (error: unknown) =>
      error instanceof SightlineError &&
      error.code === "SIGHTLINE_ERR_INVALID_OPTION" &&
      /"slowRequestMS".*did you mean "slowRequestMs"/.test(error.message),
  );
});

test("Express: app.use(sightline) without the call instruments like app.use(sightline())", async () => {
  const logs = captureLogs();
  const app = express();
  app.use(sightlineExpress as never);
  app.get("/items/:id", (_req, res) => void res.send("ok"));
  assertInstrumented(await getOnce(app, "/items/3", logs), "/items/:id");
});

test("Koa: app.use(sightline) without the call instruments like app.use(sightline())", async () => {
  const logs = captureLogs();
  const app = new Koa();
  const router = new Router();
  router.get("/items/:id", (ctx) => {
    ctx.body = "ok";
  });
  app.use(sightlineKoa as never).use(router.routes());
  assertInstrumented(await getOnce(app.callback(), "/items/3", logs), "/items/:id");
});

test("Hono: app.use(sightline) without the call instruments like app.use(sightline())", async () => {
  const logs = captureLogs();
  const app = new Hono();
  app.use(sightlineHono as never);
  app.get("/items/:id", (c) => c.text("ok"));
  const response = await app.request("/items/3");
  await logs.flush();
  assert.equal(response.status, 200);
  const line = logs.records.find((record) => record.event === "request_completed");
  assert.equal(line?.route, "/items/:id");
  assert.equal(line?.request_id, response.headers.get("x-request-id"));
});

test("node: a listener passed where the options go is an error that shows the right call", () => {
  const listener: RequestListener = (_req, res) => void res.end("ok");
  const showsTheCall = (error: unknown) =>
    error instanceof SightlineError && error.message.includes("createServer(sightline(options)(listener))");
  assert.throws(() => sightlineNode(listener as never), showsTheCall);
  // createServer(sightline): node calls the factory with a request
  assert.throws(() => sightlineNode(new IncomingMessage(new Socket()) as never), showsTheCall);
  assert.throws(() => sightlineNode()("not a listener" as never), showsTheCall);
  assert.throws(() => sightlineNode({ route: "/items/:id" } as never), /route: expected a function/);
});

test("every adapter refuses a mistyped or ill-typed option, naming it and the adapter", () => {
  const factories = {
    express: sightlineExpress,
    fastify: sightlineFastify,
    hono: sightlineHono,
    koa: sightlineKoa,
    node: sightlineNode,
  };
  const cases: Array<[object, RegExp]> = [
    [
      { slowRequestMS: 500 },
      /"slowRequestMS" of sightline\(\) of sightline\/\w+: not an option \(did you mean "slowRequestMs"\?\)/,
    ],
    [{ accessLog: "no" }, /accessLog of .*expected a boolean, got "no"/],
    [{ metrics: { path: 9090 } }, /path of metrics of .*expected a non-empty string or false, got 9090/],
    [{ health: { checks: {} } }, /health of .*expected a Health \(createHealth\(\)\)/],
    [{ ignorePaths: "/health" }, /ignorePaths of .*expected an array of strings/],
  ];
  for (const [name, factory] of Object.entries(factories)) {
    for (const [options, message] of cases) {
      assert.throws(
        () => factory(options as never),
        (error: unknown) =>
          error instanceof SightlineError &&
          error.code === "SIGHTLINE_ERR_INVALID_OPTION" &&
          message.test(error.message) &&
          error.message.includes(`sightline/${name}`),
        `${name} ${JSON.stringify(options)}`,
      );
    }
  }
});
