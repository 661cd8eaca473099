import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, test } from "node:test";
import { Counter, metricsHandler, Registry } from "./index.ts";

const registry = new Registry();
new Counter({ name: "served_total", help: "Served", registers: [registry] }).inc(3);
let server: Server;
let base = "";

before(async () => {
  const open = metricsHandler({ registry });
  const locked = metricsHandler({ registry, token: "s3cret-token" });
  const merged = metricsHandler({
    registry,
    promClient: {
      metrics: async () => "# HELP legacy_total From prom-client\n# TYPE legacy_total counter\nlegacy_total 1",
    },
  });
  server = createServer((req, res) => {
    if (req.url === "/locked") void locked(req, res);
    else if (req.url === "/merged") void merged(req, res);
    else void open(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => server.close());

test("serves Prometheus text by default and OpenMetrics when asked", async () => {
  const plain = await fetch(`${base}/metrics`);
  assert.equal(plain.status, 200);
  assert.equal(plain.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  assert.match(await plain.text(), /^served_total 3$/m);
  const om = await fetch(`${base}/metrics`, { headers: { accept: "application/openmetrics-text;version=1.0.0" } });
  assert.equal(om.headers.get("content-type"), "application/openmetrics-text; version=1.0.0; charset=utf-8");
  assert.match(await om.text(), /# EOF\n$/);
});

test("a token protects the endpoint: missing or wrong tokens get 401", async () => {
  assert.equal((await fetch(`${base}/locked`)).status, 401);
  const wrong = await fetch(`${base}/locked`, { headers: { authorization: "Bearer nope" } });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers.get("www-authenticate"), 'Bearer realm="metrics"');
  const right = await fetch(`${base}/locked`, { headers: { authorization: "Bearer s3cret-token" } });
  assert.equal(right.status, 200);
});

test("only GET and HEAD are served", async () => {
  assert.equal((await fetch(`${base}/metrics`, { method: "POST" })).status, 405);
  const head = await fetch(`${base}/metrics`, { method: "HEAD" });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), "");
});

test("a prom-client registry's output is appended, served as Prometheus text", async () => {
  const response = await fetch(`${base}/merged`, { headers: { accept: "application/openmetrics-text" } });
  assert.equal(response.headers.get("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const body = await response.text();
  assert.match(body, /^served_total 3$/m);
  assert.match(body, /^legacy_total 1\n$/m);
});

test("an empty token is a configuration error", () => {
  assert.throws(() => metricsHandler({ token: "" }), /token/);
});
