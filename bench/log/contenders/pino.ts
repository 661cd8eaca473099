// pino with its own file destination (sonic-boom). "pino" is the asynchronous destination with a
// 4 KiB minimum write, the setup pino documents for speed and the baseline of the ratios;
// "pino (sync)" writes with writeSync in 4 KiB batches and is the baseline of the memory target.
// In (c) and (d) context comes from an AsyncLocalStorage through `mixin`, which returns a copy of
// the store; (d) adds pino's `redact` with the secret paths.

import { AsyncLocalStorage } from "node:async_hooks";
import { once } from "node:events";
import pino from "pino";
import type { Contender, Fields, SetupOptions } from "./index.ts";
import { SECRET_PATHS } from "../scenarios.ts";

function create({ file, redactSecrets, useContext }: SetupOptions, sync: boolean): Contender {
  const store = new AsyncLocalStorage<Fields>();
  const destination = pino.destination({ dest: file, sync, minLength: 4096 });
  const logger = pino(
    {
      level: "info",
      ...(useContext ? { mixin: () => ({ ...store.getStore() }) } : {}),
      ...(redactSecrets ? { redact: [...SECRET_PATHS] } : {}),
    },
    destination,
  );
  return {
    info: (event, fields) => logger.info(fields, event),
    debug: (event, fields) => logger.debug(fields, event),
    bind(fields) {
      const child = logger.child(fields);
      return (event, callFields) => child.info(callFields, event);
    },
    inContext: (fields, fn) => store.run(fields, fn),
    async flush() {
      const closed = once(destination, "close");
      destination.end();
      await closed;
    },
  };
}

export const setupAsync = (options: SetupOptions): Contender => create(options, false);
export const setupSync = (options: SetupOptions): Contender => create(options, true);
