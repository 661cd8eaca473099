// `npm run demo:traffic` against the running service: it ends on its own, and the burst holds
// what it promises (learners, invalid questions, a validation error, a retake, a rate limit, a
// failure), as the service's own lines show.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import path from "node:path";
import { after, test } from "node:test";
import { promisify } from "node:util";
import { SERVICE_DIR, startService, type ServiceProcess } from "./service-process.ts";

let service: ServiceProcess | undefined;
after(async () => {
  await service?.stop();
});

test("demo:traffic sends a bounded, realistic burst and exits", { timeout: 60_000 }, async () => {
  service = await startService({ env: { DEMO: "1", SHUTDOWN_DRAIN_MS: "0" } });
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--conditions=sightline:source", path.join(SERVICE_DIR, "src/demo-traffic.ts")],
    {
      cwd: SERVICE_DIR,
      env: { PATH: process.env.PATH ?? "", PORT: new URL(service.url).port, DATA_DIR: service.dataDir },
      timeout: 30_000,
    },
  );
  const summary = /Sent (\d+) requests to \S+ \(([^)]*)\)/.exec(stdout);
  assert.ok(summary, stdout);
  const sent = Number(summary[1]);
  assert.ok(sent > 100 && sent < 200, `${sent} requests`);
  const statuses = Object.fromEntries(
    (summary[2] ?? "").split(", ").map((pair) => pair.split(": ").map(Number) as [number, number]),
  );
  for (const status of [200, 201, 404, 422, 429, 500])
    assert.ok((statuses[status] ?? 0) > 0, `a ${status} in ${stdout}`);
  assert.match(stdout, /npx sightline errors --db \S+errors\.db/);

  service.signal("SIGTERM");
  assert.deepEqual(await service.exited, { code: 0, signal: null }, service.output(40));
  const events = new Set(service.lines().map((line) => line.event));
  for (const event of [
    "user_created",
    "assessment_started",
    "answer_saved",
    "save_answer_skipped",
    "assessment_submitted",
    "assessment_submit_rejected",
    "retake_flow_completed",
    "rate_limit_approaching",
    "rate_limit_exceeded",
    "request_failed",
  ]) {
    assert.ok(events.has(event), `${event} in the service's lines`);
  }
  // one access line per request, but for its opening readiness probe (health paths are not logged)
  const lines = service.lines();
  assert.equal(lines.filter((line) => line.event === "request_completed").length, sent - 1);
  assert.equal(lines.filter((line) => line.event === "request_failed").length, statuses[500]);
});
