// The one process-wide slot Sightline keeps its state in. It lives under a Symbol.for key so
// that two installed copies of the library agree on one configuration and one context store
// instead of silently splitting them (OpenTelemetry's global-utils does the same).

const GLOBAL_KEY = Symbol.for("sightline.global");
const MAJOR = 0;

/** Everything process-wide, versioned by major so an incompatible copy can be detected. */
export interface SightlineGlobal {
  readonly major: number;
  /** Free-form slots owned by one folder each (`log`, `context`, ...). */
  readonly slots: Map<string, unknown>;
}

function createGlobal(): SightlineGlobal {
  return { major: MAJOR, slots: new Map() };
}

function resolveGlobal(): SightlineGlobal {
  const host = globalThis as Record<symbol, SightlineGlobal | undefined>;
  const existing = host[GLOBAL_KEY];
  if (existing === undefined) {
    const created = createGlobal();
    host[GLOBAL_KEY] = created;
    return created;
  }
  if (existing.major !== MAJOR) {
    process.emitWarning(
      `Two copies of sightline with different major versions (${existing.major} and ${MAJOR}) are loaded; ` +
        "each keeps its own configuration and context. Deduplicate the dependency.",
      { code: "SIGHTLINE_W_DUPLICATE_MAJOR" },
    );
    return createGlobal();
  }
  return existing;
}

const sightlineGlobal = resolveGlobal();

/** The slot named `name`, created by `init` the first time anyone asks for it. */
export function globalSlot<T>(name: string, init: () => T): T {
  let value = sightlineGlobal.slots.get(name) as T | undefined;
  if (value === undefined) {
    value = init();
    sightlineGlobal.slots.set(name, value);
  }
  return value;
}
