// LogTape with its JSON Lines formatter (properties flattened, like the others' lines). Its core
// has no file sink (that is @logtape/file, not installed), so this one is a buffered synchronous
// writer: formatted lines are appended to a string written with fs.writeSync once it reaches 8 KiB. Context uses LogTape's own withContext over an AsyncLocalStorage; (d) wraps the
// formatter with a redaction of the secret paths (@logtape/redaction is not installed).

import { AsyncLocalStorage } from "node:async_hooks";
import fs from "node:fs";
import { configure, getConsoleSink, getJsonLinesFormatter, getLogger, withContext } from "@logtape/logtape";
import type { LogRecord, TextFormatter } from "@logtape/logtape";
import type { Contender, SetupOptions } from "./index.ts";
import { censorSecretPaths } from "../redact-paths.ts";

const BUFFER_CHARS = 8192;

function fileSink(file: string, format: TextFormatter): { sink: (record: LogRecord) => void; close(): void } {
  const fd = fs.openSync(file, "a");
  let buffer = "";
  return {
    sink(record) {
      buffer += format(record);
      if (buffer.length >= BUFFER_CHARS) {
        fs.writeSync(fd, buffer);
        buffer = "";
      }
    },
    close() {
      if (buffer !== "") fs.writeSync(fd, buffer);
      buffer = "";
      fs.closeSync(fd);
    },
  };
}

export async function setup({ file, redactSecrets, useContext }: SetupOptions): Promise<Contender> {
  const json = getJsonLinesFormatter({ properties: "flatten" });
  const format: TextFormatter = redactSecrets
    ? (record) => json({ ...record, properties: censorSecretPaths({ ...record.properties }) })
    : json;
  const out = fileSink(file, format);
  await configure({
    sinks: { file: out.sink, console: getConsoleSink() },
    loggers: [
      { category: ["bench"], lowestLevel: "info", sinks: ["file"] },
      { category: ["logtape", "meta"], lowestLevel: "warning", sinks: ["console"] },
    ],
    ...(useContext ? { contextLocalStorage: new AsyncLocalStorage<Record<string, unknown>>() } : {}),
  });
  const log = getLogger(["bench"]);
  return {
    info: (event, fields) => log.info(event, fields),
    debug: (event, fields) => log.debug(event, fields),
    bind(fields) {
      const bound = log.with(fields);
      return (event, callFields) => bound.info(event, callFields);
    },
    inContext: (fields, fn) => withContext(fields, fn),
    async flush() {
      out.close();
    },
  };
}
