// Turns anything thrown into the fields of an error line: error_type, error_message, stack,
// the error's own properties (error_details), its cause and, for AggregateError, its members.
// Reading an error can throw (getters, proxies): every read is guarded.

const OWN_ERROR_KEYS = new Set(["name", "message", "stack", "cause", "errors"]);

function read(target: object, key: string): unknown {
  try {
    return (target as Record<string, unknown>)[key];
  } catch (error) {
    return `[Unserializable: ${reason(error)}]`;
  }
}

/** A short, never-throwing description of why something could not be read. */
export function reason(error: unknown): string {
  try {
    return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  } catch {
    // a value whose name, message or toString throws: this function must not
    return "unknown";
  }
}

function typeName(error: object): string {
  const name = read(error, "name");
  if (typeof name === "string" && name !== "" && name !== "Error") return name;
  try {
    const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
    if (typeof ctor === "string" && ctor !== "" && ctor !== "Object") return ctor;
  } catch {
    // fall through to the plain name
  }
  return typeof name === "string" && name !== "" ? name : "Error";
}

/** The error fields for `error`, in line order. Nested causes stay raw; the serializer describes them. */
export function describeError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) {
    if (error === null || typeof error !== "object") {
      return { error_type: error === null ? "null" : typeof error, error_message: safeString(error) };
    }
    const fields: Record<string, unknown> = { error_type: typeName(error) };
    const message = read(error, "message");
    fields.error_message = typeof message === "string" ? message : "";
    fields.error_details = error;
    return fields;
  }
  const fields: Record<string, unknown> = {
    error_type: typeName(error),
    error_message: safeString(read(error, "message")),
  };
  const stack = read(error, "stack");
  if (typeof stack === "string") fields.stack = stack;
  let details: Record<string, unknown> | undefined;
  for (const key of Object.keys(error)) {
    if (OWN_ERROR_KEYS.has(key)) continue;
    details ??= {};
    details[key] = read(error, key);
  }
  if (details !== undefined) fields.error_details = details;
  if (Object.hasOwn(error, "cause")) fields.cause = read(error, "cause");
  const errors = read(error, "errors");
  if (Array.isArray(errors)) fields.errors = errors;
  return fields;
}

function safeString(value: unknown): string {
  try {
    return typeof value === "symbol" ? value.toString() : String(value);
  } catch (error) {
    return `[Unserializable: ${reason(error)}]`;
  }
}
