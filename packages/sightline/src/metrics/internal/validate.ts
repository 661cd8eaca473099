// Prometheus naming rules, checked once when a metric is defined so a typo fails at start-up.

import { SightlineError } from "../../internal/errors.ts";

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function checkMetricName(name: unknown): string {
  if (typeof name !== "string" || !METRIC_NAME.test(name)) {
    throw new SightlineError(
      "SIGHTLINE_ERR_INVALID_METRIC_NAME",
      `${JSON.stringify(name)}: use letters, digits, _ and :, not starting with a digit`,
    );
  }
  return name;
}

export function checkLabelNames(metric: string, names: unknown, reserved: readonly string[]): readonly string[] {
  if (names === undefined) return [];
  if (!Array.isArray(names)) {
    throw new SightlineError("SIGHTLINE_ERR_INVALID_LABEL_NAME", `labelNames of ${metric}: expected an array`);
  }
  const seen = new Set<string>();
  for (const name of names) {
    if (typeof name !== "string" || !LABEL_NAME.test(name) || name.startsWith("__")) {
      throw new SightlineError(
        "SIGHTLINE_ERR_INVALID_LABEL_NAME",
        `${JSON.stringify(name)} on ${metric}: use letters, digits and _, not starting with a digit or __`,
      );
    }
    if (reserved.includes(name)) {
      throw new SightlineError("SIGHTLINE_ERR_INVALID_LABEL_NAME", `"${name}" on ${metric}: reserved for this type`);
    }
    if (seen.has(name)) throw new SightlineError("SIGHTLINE_ERR_INVALID_LABEL_NAME", `"${name}" twice on ${metric}`);
    seen.add(name);
  }
  return names as string[];
}

export function checkHelp(metric: string, help: unknown): string {
  if (typeof help !== "string" || help.trim() === "") {
    throw new SightlineError("SIGHTLINE_ERR_INVALID_METRIC_OPTION", `help of ${metric}: a non-empty description`);
  }
  return help;
}

export function checkPositiveInteger(metric: string, option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value <= 0) {
    throw new SightlineError("SIGHTLINE_ERR_INVALID_METRIC_OPTION", `${option} of ${metric}: a positive integer`);
  }
  return value;
}

/** OpenMetrics: the name (before `_total`) ends with the unit, `http_request_duration_seconds`. */
export function checkUnit(metric: string, unit: unknown): string | undefined {
  if (unit === undefined) return undefined;
  const base = metric.endsWith("_total") ? metric.slice(0, -6) : metric;
  if (typeof unit !== "string" || !/^[a-zA-Z0-9_]+$/.test(unit) || !base.endsWith(`_${unit}`)) {
    throw new SightlineError(
      "SIGHTLINE_ERR_INVALID_METRIC_OPTION",
      `unit of ${metric}: ${JSON.stringify(unit)} must be a word the name ends with (name_${String(unit)})`,
    );
  }
  return unit;
}
