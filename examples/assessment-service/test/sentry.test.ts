// With SENTRY_DSN the service sends its errors to Sentry instead of the embedded store. A local
// endpoint stands in for Sentry; it refuses the first envelope (503), so the event arrives only
// if the service retries and its graceful shutdown waits for that retry.

import assert from "node:assert/strict";
import { readdir } from "node:fs/promises";
import { after, test } from "node:test";
import { decode, startEndpoint, type Endpoint } from "../../../packages/sightline/test/helpers/sentry-endpoint.ts";
import { startService, type ServiceProcess } from "./service-process.ts";

const PASSWORD = "hunter2-correct-horse-battery";
const BEARER = "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LWJlYXJlcg.sig";

let endpoint: Endpoint | undefined;
let service: ServiceProcess | undefined;
after(async () => {
  await service?.stop();
  await endpoint?.close();
});

test(
  "with SENTRY_DSN the failing route's error reaches Sentry, retried, before the process exits",
  { timeout: 60_000 },
  async () => {
    endpoint = await startEndpoint();
    endpoint.answer = (index) => ({ status: index === 0 ? 503 : 200 });
    service = await startService({ env: { DEMO: "1", SHUTDOWN_DRAIN_MS: "0", SENTRY_DSN: endpoint.dsn } });
    const created = await fetch(`${service.url}/users`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name: "Ada", email: "ada@example.com", password: PASSWORD }),
    });
    assert.equal(created.status, 201);
    await created.arrayBuffer();
    const failed = await fetch(`${service.url}/demo/fail`, { headers: { authorization: `Bearer ${BEARER}` } });
    assert.equal(failed.status, 500);
    await failed.arrayBuffer();
    const requestId = failed.headers.get("x-request-id");

    service.signal("SIGTERM");
    assert.deepEqual(await service.exited, { code: 0, signal: null }, service.output(40));

    assert.equal(endpoint.received.length, 2, "the refused envelope, then its retry");
    const { type, event } = decode(endpoint.received[1]!);
    assert.equal(type, "event");
    assert.equal(event.release, "0.1.0");
    assert.equal(event.environment, "production");
    const chain = (event.exception?.values ?? []).map((value) => value.value ?? "");
    assert.ok(chain.includes("could not grade the assessment"), chain.join(" / "));
    assert.ok(
      chain.some((value) => value.includes("ECONNREFUSED")),
      "the cause is in the chain",
    );
    const crumbs = event.breadcrumbs?.values ?? [];
    assert.deepEqual(
      crumbs.map((crumb) => crumb.message),
      ["grading_started", "grading_rules_loaded", "request_failed"],
    );
    for (const crumb of crumbs)
      assert.equal(crumb.data?.request_id, requestId, `${crumb.message}: the request's own line`);

    for (const request of endpoint.received) {
      const body = request.body.toString("utf8");
      assert.ok(!body.includes(PASSWORD) && !body.includes(BEARER), "no secret in what was sent");
    }
    assert.ok(!(await readdir(service.dataDir)).includes("errors.db"), "nothing went to the embedded store");
  },
);
