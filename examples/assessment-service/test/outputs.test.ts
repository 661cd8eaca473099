// The running service's outputs, read as an operator would read them: stdout, /metrics and the
// embedded error store through the `sightline errors` command. A failing request is stored once
// with its own lines as breadcrumbs; secrets sent in a body, a header or a query string appear in
// none of those outputs, nor in any file the service wrote.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { after, test } from "node:test";
import { promisify } from "node:util";
import { startService, type ServiceProcess } from "./service-process.ts";

const CLI = path.resolve(import.meta.dirname, "../../../packages/sightline/src/cli/main.ts");
const SECRETS = {
  password: "hunter2-correct-horse-battery",
  token: "tok_live_5f3c9a8b7e6d4c2b",
  bearer: "eyJhbGciOiJIUzI1NiJ9.c2VjcmV0LWJlYXJlcg.sig",
  cookie: "sess_9d8c7b6a5f4e3d2c",
  apiKey: "ak_0123456789abcdef",
};

async function sightlineErrors(...args: string[]): Promise<unknown> {
  const { stdout } = await promisify(execFile)(process.execPath, ["--conditions=sightline:source", CLI, ...args], {
    encoding: "utf8",
  });
  return JSON.parse(stdout);
}

let service: ServiceProcess | undefined;
after(async () => {
  await service?.stop();
});

test("one stored error with its request's lines; no secret in any output", { timeout: 60_000 }, async () => {
  service = await startService({ env: { DEMO: "1", SHUTDOWN_DRAIN_MS: "0" } });
  const { url } = service;
  const created = await fetch(`${url}/users`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ name: "Ada", email: "ada@example.com", password: SECRETS.password, token: SECRETS.token }),
  });
  assert.equal(created.status, 201);
  assert.ok(!(await created.text()).includes(SECRETS.password));
  const listed = await fetch(`${url}/assessments?api_key=${SECRETS.apiKey}`, { headers: { "x-user-id": "u-out" } });
  assert.equal(listed.status, 200);
  await listed.arrayBuffer();
  const failed = await fetch(`${url}/demo/fail?api_key=${SECRETS.apiKey}`, {
    headers: { authorization: `Bearer ${SECRETS.bearer}`, cookie: `session=${SECRETS.cookie}` },
  });
  assert.equal(failed.status, 500);
  await failed.arrayBuffer();
  const requestId = failed.headers.get("x-request-id");
  const metrics = await (await fetch(`${url}/metrics`)).text();

  service.signal("SIGTERM"); // the error store is flushed before the process exits
  assert.deepEqual(await service.exited, { code: 0, signal: null }, service.output(40));

  const db = path.join(service.dataDir, "errors.db");
  const groups = (await sightlineErrors("errors", "--db", db, "--json")) as Array<Record<string, unknown>>;
  assert.equal(groups.length, 1, JSON.stringify(groups));
  assert.equal(groups[0]?.message, "could not grade the assessment");
  assert.equal(groups[0]?.route, "/demo/fail");
  assert.equal(groups[0]?.count, 1);
  const shown = (await sightlineErrors("errors", "show", String(groups[0]?.id), "--db", db, "--json")) as {
    event: {
      exception: { values: Array<{ value: string }> };
      breadcrumbs: { values: Array<{ message: string; data: Record<string, unknown> }> };
    };
  };
  const chain = shown.event.exception.values.map((v) => v.value);
  assert.ok(
    chain.includes("could not grade the assessment") && chain.some((v) => v.includes("ECONNREFUSED")),
    chain.join(" / "),
  );
  const crumbs = shown.event.breadcrumbs.values;
  assert.deepEqual(
    crumbs.map((c) => c.message),
    ["grading_started", "grading_rules_loaded", "request_failed"],
  );
  for (const crumb of crumbs)
    assert.equal(crumb.data.request_id, requestId, `${crumb.message}: the request's own line`);

  const outputs: Record<string, string> = {
    stdout: service.output(1000),
    metrics,
    "the stored event": JSON.stringify(shown),
  };
  // every file the service wrote: the error store, the database (and any journal)
  for (const file of await readdir(service.dataDir)) {
    outputs[`DATA_DIR/${file}`] = (await readFile(path.join(service.dataDir, file))).toString("latin1");
  }
  for (const [name, text] of Object.entries(outputs)) {
    for (const [kind, secret] of Object.entries(SECRETS)) {
      assert.ok(!text.includes(secret), `the ${kind} appears in ${name}`);
    }
  }
  assert.ok(
    service.lines().some((l) => l.event === "user_created"),
    "the lines were read",
  );
});
