// The one check of every options object a public function takes: a typo or a wrong type fails at
// start-up with a coded SightlineError naming the function, the option and what it expects,
// instead of being ignored. Rules list every option, so an unknown key is caught too.

import { SightlineError, type ErrorCode } from "./errors.ts";

/** What one option must be: the words for the error, and the test (never given undefined). */
export interface OptionRule {
  readonly expected: string;
  test(value: unknown): boolean;
}

/** A rule of its own, for an option no common rule fits. */
export function rule(expected: string, test: (value: unknown) => boolean): OptionRule {
  return { expected, test };
}

/** The common rules; compose with {@link oneOf}, {@link anyOf}, {@link arrayOf}. */
export const is = {
  boolean: rule("a boolean", (value) => typeof value === "boolean"),
  string: rule("a string", (value) => typeof value === "string"),
  nonEmptyString: rule("a non-empty string", (value) => typeof value === "string" && value.trim() !== ""),
  function: rule("a function", (value) => typeof value === "function"),
  object: rule("an object", (value) => value !== null && typeof value === "object" && !Array.isArray(value)),
  positiveInteger: rule("a positive integer", (value) => Number.isInteger(value) && (value as number) > 0),
  nonNegativeInteger: rule("a non-negative integer", (value) => Number.isInteger(value) && (value as number) >= 0),
  positiveNumber: rule("a positive number", (value) => typeof value === "number" && value > 0 && value < Infinity),
  /** Durations in milliseconds: finite, 0 allowed. */
  milliseconds: rule("a non-negative number of milliseconds", (value) => {
    return typeof value === "number" && value >= 0 && value < Infinity;
  }),
  positiveMilliseconds: rule("a positive number of milliseconds", (value) => {
    return typeof value === "number" && value > 0 && value < Infinity;
  }),
  ratio: rule("a number from 0 to 1", (value) => typeof value === "number" && value >= 0 && value <= 1),
  /** Anything but undefined: an option whose shape its own code checks further. */
  any: rule("a value", () => true),
} as const;

export function oneOf(...values: readonly unknown[]): OptionRule {
  const words = values.map((value) => JSON.stringify(value)).join(", ");
  return rule(`one of ${words}`, (value) => values.includes(value));
}

export function anyOf(...rules: readonly OptionRule[]): OptionRule {
  return rule(rules.map((each) => each.expected).join(" or "), (value) => rules.some((each) => each.test(value)));
}

export function arrayOf(item: OptionRule): OptionRule {
  return rule(`an array of ${item.expected.replace(/^an? /, "")}s`, (value) => {
    return Array.isArray(value) && value.every((each) => item.test(each));
  });
}

export function instanceOf(type: abstract new (...args: never[]) => unknown, expected: string): OptionRule {
  return rule(expected, (value) => value instanceof type);
}

/** A rule per option of `T`: the compiler makes sure none is forgotten. */
export type OptionRules<T> = { readonly [K in keyof Required<T>]: OptionRule };

/** A short, safe description of the value that was given. */
export function describeValue(value: unknown): string {
  if (typeof value === "function") return `a function${value.name === "" ? "" : ` (${value.name})`}`;
  if (Array.isArray(value)) return "an array";
  if (value === null) return "null";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === "bigint") return `${value}n`;
  return String(value);
}

/** The known name closest to a typo (`timeoutMS` → `timeoutMs`), if one is close. */
function closest(key: string, known: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  return known.find((name) => {
    const other = name.toLowerCase();
    return other === lower || other.startsWith(lower) || lower.startsWith(other) || distance(lower, other) <= 2;
  });
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

/**
 * The coded error for a bad option: `Invalid option timeoutMs of createHealth(): expected …`.
 * `key` undefined is the options argument itself.
 */
export function invalidOption(
  where: string,
  key: string | undefined,
  problem: string,
  code: ErrorCode = "SIGHTLINE_ERR_INVALID_OPTION",
): SightlineError {
  return new SightlineError(code, `${key === undefined ? "" : `${key} `}of ${where}: ${problem}`);
}

/**
 * Checks `options` (undefined means none) against `rules`: it must be a plain object, every key
 * must have a rule, and every value that is not undefined must pass its rule. Returns the
 * options, typed, or throws a SightlineError naming the first problem. `path` names a nested
 * options object (`"limits."` gives `limits.maxDepth`).
 */
export function checkOptions<T extends object>(
  where: string,
  options: T | undefined,
  rules: OptionRules<T>,
  code?: ErrorCode,
  path = "",
): T {
  if (options === undefined) return {} as T;
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw invalidOption(where, undefined, `expected an options object, got ${describeValue(options)}`, code);
  }
  const known = Object.keys(rules);
  for (const key of Object.keys(options)) {
    const check = (rules as Record<string, OptionRule | undefined>)[key];
    if (check === undefined) {
      const guess = closest(key, known);
      const hint = guess === undefined ? `known: ${known.join(", ")}` : `did you mean "${guess}"?`;
      throw invalidOption(where, JSON.stringify(path + key), `not an option (${hint})`, code);
    }
    const value = (options as Record<string, unknown>)[key];
    if (value !== undefined && !check.test(value)) {
      throw invalidOption(where, path + key, `expected ${check.expected}, got ${describeValue(value)}`, code);
    }
  }
  return options;
}

/**
 * Checks that `value` (a client or database handle passed positionally) has `methods`, so that a
 * wrong argument fails at start-up rather than at the first probe or query.
 */
export function checkHandle(where: string, what: string, value: unknown, methods: readonly string[]): void {
  const missing = methods.filter((method) => typeof (value as Record<string, unknown> | null)?.[method] !== "function");
  if (missing.length > 0) {
    throw invalidOption(
      where,
      what,
      `expected an object with ${methods.map((method) => `${method}()`).join(" and ")}, got ${describeValue(value)}`,
    );
  }
}
