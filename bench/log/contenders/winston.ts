// winston with its File transport and the json format (plus a timestamp, as the others write).
// Context comes from an AsyncLocalStorage, merged into the call's fields; (d) adds a format that
// censors the secret paths. flush() lets the logger's buffers drain, ends it and waits for the
// transport's "finish", which winston emits once the file stream has finished writing.

import { AsyncLocalStorage } from "node:async_hooks";
import { once } from "node:events";
import winston from "winston";
import type { Contender, Fields, SetupOptions } from "./index.ts";
import { censorSecretPaths } from "../redact-paths.ts";

export function setup({ file, redactSecrets, useContext }: SetupOptions): Contender {
  const store = new AsyncLocalStorage<Fields>();
  const formats = [winston.format.timestamp()];
  if (redactSecrets) formats.push(winston.format((info) => censorSecretPaths(info))());
  formats.push(winston.format.json());
  const transport = new winston.transports.File({ filename: file });
  const logger = winston.createLogger({
    level: "info",
    format: winston.format.combine(...formats),
    transports: [transport],
  });
  return {
    // Context is merged at the call: winston runs formats inside its stream, possibly later
    // and outside the caller's async context, so a format cannot read the AsyncLocalStorage.
    info: useContext
      ? (event, fields) => logger.info(event, { ...store.getStore(), ...fields })
      : (event, fields) => logger.info(event, fields),
    debug: (event, fields) => logger.debug(event, fields),
    bind(fields) {
      const child = logger.child(fields);
      return (event, callFields) => child.info(event, callFields);
    },
    inContext: (fields, fn) => store.run(fields, fn),
    async flush() {
      // logger.end() alone loses lines: winston ends its transports as soon as the logger's
      // writable side finishes, while lines may still wait in its readable buffer (back-pressure
      // from the file), which then fail with "write after end". Let them drain first.
      while (logger.readableLength > 0 || logger.writableLength > 0) await new Promise(setImmediate);
      const finished = once(transport, "finish");
      logger.end();
      await finished;
    },
  };
}
