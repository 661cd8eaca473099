// Reads `settings.sightline` once per settings object: which names are loggers, metrics and
// error captures. A list given in the settings replaces the default list.

import { namePattern } from "./name-pattern.ts";

/** What a user may put under `settings.sightline` in the ESLint config. */
export interface SightlineSettingsInput {
  /** Names (with `*` wildcards) of variables and properties that hold loggers. */
  loggers?: string[];
  /** Functions whose result is a logger (`getLogger`). `.bind()`/`.child()` of a logger always are. */
  loggerFactories?: string[];
  /** Names (with `*` wildcards) of variables and properties that hold metrics. */
  metrics?: string[];
  /** Classes constructed with `new`, or functions and methods called, to create a metric. */
  metricFactories?: string[];
  /** Functions that report an error to an error tracker. */
  captures?: string[];
}

/** The compiled settings the rules consult. */
export interface SightlineSettings {
  readonly loggerNames: RegExp;
  readonly loggerFactories: ReadonlySet<string>;
  readonly metricNames: RegExp;
  readonly metricFactories: ReadonlySet<string>;
  readonly captures: ReadonlySet<string>;
}

export const DEFAULT_SETTINGS: Required<SightlineSettingsInput> = {
  loggers: ["log", "logger", "*Log", "*Logger"],
  loggerFactories: ["getLogger"],
  metrics: [],
  metricFactories: [
    "Counter",
    "Histogram",
    "Gauge",
    "Summary",
    "createCounter",
    "createHistogram",
    "createUpDownCounter",
    "createGauge",
  ],
  captures: ["captureException", "captureMessage"],
};

const cache = new WeakMap<object, SightlineSettings>();
let defaults: SightlineSettings | undefined;

function stringList(value: unknown, fallback: string[]): string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string") ? value : fallback;
}

function compile(input: Record<string, unknown>): SightlineSettings {
  return {
    loggerNames: namePattern(stringList(input.loggers, DEFAULT_SETTINGS.loggers)),
    loggerFactories: new Set(stringList(input.loggerFactories, DEFAULT_SETTINGS.loggerFactories)),
    metricNames: namePattern(stringList(input.metrics, DEFAULT_SETTINGS.metrics)),
    metricFactories: new Set(stringList(input.metricFactories, DEFAULT_SETTINGS.metricFactories)),
    captures: new Set(stringList(input.captures, DEFAULT_SETTINGS.captures)),
  };
}

/** The compiled `settings.sightline` of a rule context (defaults when absent). */
export function sightlineSettings(context: { settings: Record<string, unknown> }): SightlineSettings {
  const input = context.settings.sightline;
  if (typeof input !== "object" || input === null) return (defaults ??= compile({}));
  let compiled = cache.get(input);
  if (compiled === undefined) {
    compiled = compile(input as Record<string, unknown>);
    cache.set(input, compiled);
  }
  return compiled;
}
