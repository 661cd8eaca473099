// Sightline as users get it: JSON to a file, default redaction on (in every scenario).

import { configure, flush, getLogger, withContext } from "sightline";
import type { Contender, SetupOptions } from "./index.ts";

export function setup({ file }: SetupOptions): Contender {
  configure({ level: "info", format: "json", destination: file });
  const log = getLogger("bench");
  return {
    info: (event, fields) => log.info(event, fields),
    debug: (event, fields) => log.debug(event, fields),
    bind(fields) {
      const bound = log.bind(fields);
      return (event, callFields) => bound.info(event, callFields);
    },
    inContext: (fields, fn) => withContext(fields, fn),
    flush,
  };
}
