// The load generator, a process of its own so that autocannon's CPU is not the driver's:
// `load.ts <url> <connections> <warm-up s> <measured s>`, under the driver (http/suite.ts),
// runs the warm-up, reports "warm", waits for "go" (the driver marks the server in between),
// runs the measured window and reports "done".

import autocannon from "autocannon";
import type { LoadMessage, ToLoad } from "./protocol.ts";

interface LoadPlan {
  readonly url: string;
  readonly connections: number;
}

async function load(plan: LoadPlan, seconds: number, type: LoadMessage["type"]): Promise<LoadMessage> {
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const result = await autocannon({ url: plan.url, connections: plan.connections, duration: seconds });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  return {
    type,
    responses: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    requestsPerSecond: result.requests.average,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
    cpuMicros: cpu.user + cpu.system,
    wallMs,
  };
}

function nextMessage(): Promise<ToLoad> {
  return new Promise((resolve) => process.once("message", (message: ToLoad) => resolve(message)));
}

async function main(args: string[]): Promise<void> {
  const send = process.send?.bind(process);
  if (send === undefined) throw new Error("load.ts runs under the http suite's driver (IPC)");
  const [url, connections, warmup, measured] = args;
  if (url === undefined) throw new Error("name the URL");
  const plan = { url, connections: Number(connections) };
  process.once("disconnect", () => process.exit(0)); // the driver stopped
  send(await load(plan, Number(warmup), "warm"));
  const go = await nextMessage();
  if (go.type !== "go") throw new Error(`expected "go", got ${JSON.stringify(go)}`);
  send(await load(plan, Number(measured), "done"), () => process.disconnect());
}

await main(process.argv.slice(2));
