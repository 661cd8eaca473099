// The line every report starts with: when, and on what machine.

import os from "node:os";

export function machine(): string {
  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  return `${new Date().toISOString()} · ${os.availableParallelism()} CPUs (${cpu}) · Node ${process.version} · ${os.platform()} ${os.release()}`;
}
