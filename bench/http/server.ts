// The server under test, a fresh process per run: `server.ts <contender> <log file>`.
// Listens on 127.0.0.1 (a free port) and, over IPC with the driver (http/suite.ts), reports
// "ready" with its port, answers each "mark" with its CPU usage and request count, and "flush"
// once the run is over. Exits when the driver disconnects.
//
// Started by hand (no IPC), it prints its port and serves until SIGINT or SIGTERM, for profiling:
//   node --cpu-prof bench/http/server.ts fastify-sightline /tmp/http.log
// then load it with node_modules/.bin/autocannon from another shell.

import { buildApp, servedCount } from "./apps.ts";
import { CONTENDER_IDS, type ContenderId } from "./contenders.ts";
import type { ServerMessage, ToServer } from "./protocol.ts";

function reply(message: ServerMessage): void {
  process.send?.(message);
}

async function main(args: string[]): Promise<void> {
  const [id, file] = args;
  if (!CONTENDER_IDS.includes(id as ContenderId)) throw new Error(`unknown contender ${JSON.stringify(id)}`);
  if (file === undefined) throw new Error("name the log file");
  const app = await buildApp(id as ContenderId, file);

  if (process.send === undefined) {
    process.stdout.write(`${id} listening on http://127.0.0.1:${app.port}\n`);
    const stop = (): void => {
      process.stdout.write(`${servedCount()} requests answered\n`);
      void app.flush().finally(() => process.exit(0));
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
    return;
  }
  process.on("message", (message: ToServer) => {
    if (message.type === "mark") {
      const cpu = process.cpuUsage();
      reply({
        type: "mark",
        userMicros: cpu.user,
        systemMicros: cpu.system,
        served: servedCount(),
        atMs: Number(process.hrtime.bigint()) / 1e6,
      });
    } else if (message.type === "flush") {
      void app.flush().then(() => reply({ type: "flushed", served: servedCount() }));
    }
  });
  process.once("disconnect", () => process.exit(0));
  reply({ type: "ready", port: app.port });
}

await main(process.argv.slice(2));
