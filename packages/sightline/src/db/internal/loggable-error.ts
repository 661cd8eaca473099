// A failed query's error as it may be logged and captured: servers and drivers echo the values
// of a statement in places. PostgreSQL puts key and row values in `detail` ("Key (email)=(…)
// already exists.", "Failing row contains (…)") and the rejected input at the end of the message
// of its data exceptions (SQLSTATE class 22: `invalid input syntax for type integer: "…"`);
// mysql2 attaches the statement with its values inlined as `sql`. Those parts are left out of a
// copy that keeps the prototype (so the type name), the stack and every other property. The
// caller always gets the original error.

/** Own properties that carry values of the statement. */
const VALUE_KEYS = new Set(["detail", "sql", "parameters", "params", "values", "bindings"]);

/** `…: "the input"` at the end of a message. */
const QUOTED_INPUT = /: ".*"$/s;

function maskedMessage(error: Record<string, unknown>): string | undefined {
  const { code, message } = error;
  if (typeof code !== "string" || !code.startsWith("22") || typeof message !== "string") return undefined;
  return QUOTED_INPUT.test(message) ? message.replace(QUOTED_INPUT, ': "[omitted]"') : undefined;
}

/** `error`, or a copy of it without the values it echoes. Never throws. */
export function loggableError(error: unknown): unknown {
  if (error === null || typeof error !== "object") return error;
  try {
    const fields = error as Record<string, unknown>;
    const message = maskedMessage(fields);
    const keys = Object.keys(error);
    if (message === undefined && !keys.some((key) => VALUE_KEYS.has(key))) return error;
    const copy = Object.create(Object.getPrototypeOf(error) as object | null) as Record<string, unknown>;
    for (const key of keys) if (!VALUE_KEYS.has(key)) copy[key] = fields[key];
    const original = fields.message;
    const stack = fields.stack;
    const define = (key: string, value: unknown) =>
      Object.defineProperty(copy, key, { value, writable: true, configurable: true, enumerable: false });
    define("message", message ?? original);
    if (typeof stack === "string") {
      define(
        "stack",
        message !== undefined && typeof original === "string" ? stack.replace(original, () => message) : stack,
      );
    }
    if (Object.hasOwn(error, "cause")) define("cause", fields.cause);
    return copy;
  } catch {
    // an error whose properties cannot be copied (a hostile getter): logged as it is
    return error;
  }
}
