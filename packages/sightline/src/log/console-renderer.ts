// The human-readable format for development, in the spirit of structlog's ConsoleRenderer:
// time, coloured level, event, key=value pairs, then the stack trace. Every piece of user text is
// escaped so that a value can never forge a line or move the cursor: control characters
// (C0 and C1), newlines, ANSI escapes, line separators and bidi overrides come out as \uXXXX.

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
  let stack: string | undefined;
  for (const [key, value] of fields) {
    const text = serializer.entry(key, value);
    if (text === undefined) continue;
    if (key === "stack" && typeof value === "string") {
      stack = JSON.parse(text) as string; // scrubbed and truncated like any value
      continue;
    }
    line += ` ${paint(colors, CYAN, escapeTerminal(key))}=${paint(colors, MAGENTA, renderValue(text, value))}`;
  }
  if (stack !== undefined) {
    // each stack line indented, so none can pass for the start of a log line
    for (const frame of stack.split("\n")) line += `\n    ${paint(colors, DIM, escapeTerminal(frame))}`;
  }
  return `${line}\n`;
}
