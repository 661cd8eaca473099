// A CLIENT span per database query (sightline/db), named `{operation} {system}` as the database
// semantic conventions suggest, with the statement (placeholders only, never parameters).

import { SpanKind, type Tracer } from "@opentelemetry/api";
import type { DbTracing } from "../internal/tracing-seam.ts";
import { markFailed } from "./failure.ts";

const MAX_STATEMENT = 2048;

export function createDbTracing(tracer: () => Tracer): DbTracing {
  return {
    startQuery({ system, operation, statement }) {
      const attributes: Record<string, string> = { "db.system.name": system, "db.operation.name": operation };
      if (statement !== undefined) attributes["db.query.text"] = statement.slice(0, MAX_STATEMENT);
      const span = tracer().startSpan(`${operation} ${system}`, { kind: SpanKind.CLIENT, attributes });
      return {
        end(error?: unknown) {
          if (error !== undefined) markFailed(span, error);
          span.end();
        },
      };
    },
  };
}
