// The human-readable format for development, in the spirit of structlog's ConsoleRenderer:
// time, coloured level, event, key=value pairs, then the stack trace. Every piece of user text is
// escaped so that a value can never forge a line or move the cursor: control characters
// (C0 and C1), newlines, ANSI escapes, line separators and bidi overrides come out as \uXXXX.

import { describeError } from "../internal/describe-error.ts";
import type { LogConfig } from "./configure.ts";
import type { LevelName } from "./levels.ts";

const RESET = "\x1b[0m";
const DIM = "\x1b[2m";
const BOLD = "\x1b[1m";
const CYAN = "\x1b[36m";
const MAGENTA = "\x1b[35m";
const LEVEL_COLORS: Record<LevelName, string> = {
  debug: "\x1b[34m",
  info: "\x1b[32m",
  warning: "\x1b[33m",
  error: "\x1b[31m",
  critical: "\x1b[1;31m",
};
const LEVEL_WIDTH = 8;
const EVENT_WIDTH = 30;

// Characters that must not reach a terminal raw. A plain character class: linear-time.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NEEDS_QUOTES = /[\s"=\\]/;

function escapeChar(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
}

/** User text made safe for one terminal line. */
export function escapeTerminal(text: string): string {
  return text.replace(UNSAFE, escapeChar);
}

function renderValue(text: string | undefined, raw: unknown): string {
  // strings print bare when that is unambiguous, quoted (JSON) otherwise
  if (typeof raw === "string" && text !== undefined && text.length > 2 && text.slice(1, -1) === raw) {
    return raw === "" || NEEDS_QUOTES.test(raw) ? escapeTerminal(text) : escapeTerminal(raw);
  }
  return escapeTerminal(text ?? "null");
}

function paint(colors: boolean, color: string, text: string): string {
  return colors ? color + text + RESET : text;
}

/** One console line (plus indented stack lines) for an already merged set of fields. */
export function renderConsoleLine(
  config: LogConfig,
  timestamp: string,
  level: LevelName,
  event: string,
  logger: string,
  fields: ReadonlyMap<string, unknown>,
): string {
  const { colors, serializer } = config;
  const eventText = escapeTerminal(JSON.parse(serializer.string(event)) as string);
  let line =
    paint(colors, DIM, timestamp) +
    " " +
    paint(colors, LEVEL_COLORS[level], `[${level.padEnd(LEVEL_WIDTH)}]`) +
    " " +
    paint(colors, BOLD, eventText.padEnd(EVENT_WIDTH)) +
    " " +
    paint(colors, DIM, `logger=${escapeTerminal(logger)}`);
  let trace = "";
  for (const [key, value] of fields) {
    // the stack and a chain of Error causes print below the line, like a traceback
    if (key === "stack" && typeof value === "string") {
      trace = renderStack(config, value, "") + trace;
      continue;
    }
    if (key === "cause" && value instanceof Error) {
      trace += renderCauses(config, value);
      continue;
    }
    const text = serializer.entry(key, value);
    if (text === undefined) continue;
    line += ` ${paint(colors, CYAN, escapeTerminal(key))}=${paint(colors, MAGENTA, renderValue(text, value))}`;
  }
  return `${line}${trace}\n`;
}

const MAX_CAUSES = 10;

function renderCauses(config: LogConfig, cause: Error): string {
  let out = "";
  const seen = new Set<unknown>();
  for (let depth = 0; cause instanceof Error && !seen.has(cause) && depth < MAX_CAUSES; depth++) {
    seen.add(cause);
    let stack: unknown;
    try {
      stack = cause.stack ?? `${cause.name}: ${cause.message}`;
      out += renderStack(config, typeof stack === "string" ? stack : String(stack), "Caused by: ");
      const details = config.serializer.entry("error_details", describeError(cause).error_details);
      if (details !== undefined)
        out += `\n    ${paint(config.colors, DIM, `error_details=${escapeTerminal(details)}`)}`;
      cause = cause.cause as Error;
    } catch {
      // a cause with a throwing getter ends the chain: the line is still written
      break;
    }
  }
  return out;
}

/** Stack lines, scrubbed and escaped like any value, indented so none passes for a log line. */
function renderStack(config: LogConfig, stack: string, prefix: string): string {
  const text = config.serializer.entry("stack", prefix + stack);
  const clean = text === undefined ? "" : (JSON.parse(text) as string);
  let out = "";
  for (const frame of clean.split("\n")) out += `\n    ${paint(config.colors, DIM, escapeTerminal(frame))}`;
  return out;
}
