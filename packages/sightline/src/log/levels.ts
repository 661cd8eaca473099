import { SightlineError } from "../internal/errors.ts";

/** Level names, lowest first. The numbers leave room between levels like Python's logging. */
export const LEVELS = { debug: 10, info: 20, warning: 30, error: 40, critical: 50 } as const;

export type LevelName = keyof typeof LEVELS;

export function isLevelName(value: unknown): value is LevelName {
  return typeof value === "string" && Object.hasOwn(LEVELS, value);
}

/** Parses a level from configuration; `source` names where it came from for the error. */
export function parseLevel(value: unknown, source: string): LevelName {
  if (typeof value === "string") {
    const name = value.trim().toLowerCase();
    if (isLevelName(name)) return name;
    if (name === "warn") return "warning";
  }
  throw new SightlineError("SIGHTLINE_ERR_INVALID_LEVEL", `${JSON.stringify(value)} (from ${source})`);
}
