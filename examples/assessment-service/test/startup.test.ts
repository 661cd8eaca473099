// Starting and stopping the service the way a newcomer does (#16): on a port that is taken it says
// so in one line and exits 1 (not a crash report of an unhandled rejection), and `npm start`
// stopped with SIGTERM to npm drains the service and exits 0 instead of leaving it running.

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { test } from "node:test";
import { parseJsonLines } from "../../../packages/sightline/test/helpers/child-process.ts";
import { SERVICE_DIR, startService } from "./service-process.ts";

test("on a busy port the service prints one line saying so and exits 1", async () => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
  const { port } = taken.address() as AddressInfo;
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "assessment-busy-port-"));
  try {
    const result = spawnSync(process.execPath, ["--conditions=sightline:source", "src/main.ts"], {
      cwd: SERVICE_DIR,
      env: {
        PATH: process.env.PATH ?? "",
        NODE_ENV: "production",
        HOST: "127.0.0.1",
        PORT: String(port),
        DATA_DIR: dataDir,
      },
      encoding: "utf8",
      timeout: 20_000,
    });
    assert.equal(result.status, 1, result.stdout + result.stderr);
    assert.equal(result.stderr, "");
    const lines = parseJsonLines(result.stdout);
    const problems = lines.filter((line) => line.level !== "info");
    assert.deepEqual(
      problems.map(({ level, event, port: linePort, hint }) => ({ level, event, port: linePort, hint })),
      [{ level: "error", event: "port_in_use", port, hint: "set PORT to a free port (PORT=0 picks one)" }],
    );
    assert.ok(!lines.some((line) => line.event === "server_started"), result.stdout);
  } finally {
    taken.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
});

test("`npm start`, then SIGTERM to npm: the service drains and exits 0", { timeout: 60_000 }, async () => {
  const service = await startService({ launcher: "npm start", env: { SHUTDOWN_DRAIN_MS: "200" } });
  try {
    assert.equal((await fetch(`${service.url}/health/ready`)).status, 200);
    service.signal("SIGTERM");
    const status = await service.exited;
    assert.deepEqual(status, { code: 0, signal: null }, service.output());
    const events = service.lines().map((line) => line.event);
    assert.deepEqual(events.slice(-2), ["shutdown_started", "shutdown_completed"], service.output());
    await assert.rejects(fetch(`${service.url}/health/live`), "nothing listens once npm has exited");
    assert.equal(service.stderr(), "");
  } finally {
    await service.stop();
  }
});
