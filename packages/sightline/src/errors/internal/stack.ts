// V8 stack traces into frames. Each line is read with indexOf from the right, never with a
// backtracking regular expression, and only the first lines are kept.

import { sep } from "node:path";
import type { StackFrame } from "../event.ts";

const MAX_FRAMES = 50;
const cwd = process.cwd();

function relative(file: string): string {
  let path = file.startsWith("file://") ? file.slice(7) : file;
  if (path.startsWith(cwd + sep)) path = path.slice(cwd.length + 1);
  return path;
}

function isInApp(file: string): boolean {
  return (
    !file.startsWith("node:") && !file.includes("/node_modules/") && !file.startsWith("internal/") && file !== "native"
  );
}

/** `    at fn (file:12:5)` or `    at file:12:5` → a frame; other lines → undefined. */
function parseLine(line: string): StackFrame | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith("at ")) return undefined;
  // "at async fn (file:1:2)" and "at async file:1:2": the async marker is not part of either
  let body = trimmed.startsWith("at async ") ? trimmed.slice(9) : trimmed.slice(3);
  let fn = "<anonymous>";
  if (body.endsWith(")")) {
    const open = body.lastIndexOf(" (");
    if (open !== -1) {
      fn = body.slice(0, open);
      body = body.slice(open + 2, -1);
    }
  }
  const lastColon = body.lastIndexOf(":");
  const prevColon = lastColon === -1 ? -1 : body.lastIndexOf(":", lastColon - 1);
  const column = Number(body.slice(lastColon + 1));
  const lineNo = prevColon === -1 ? Number.NaN : Number(body.slice(prevColon + 1, lastColon));
  const file = Number.isInteger(lineNo) && Number.isInteger(column) ? body.slice(0, prevColon) : body;
  const frame: StackFrame = { filename: relative(file), function: fn, in_app: isInApp(file) };
  if (Number.isInteger(lineNo) && Number.isInteger(column)) {
    frame.lineno = lineNo;
    frame.colno = column;
  }
  return frame;
}

/** Frames of a stack, outermost call first (Sentry's order: the crashing frame last). */
export function parseStack(stack: string | undefined): StackFrame[] {
  if (typeof stack !== "string") return [];
  const frames: StackFrame[] = [];
  for (const line of stack.split("\n", MAX_FRAMES + 20)) {
    const frame = parseLine(line);
    if (frame !== undefined) frames.push(frame);
    if (frames.length === MAX_FRAMES) break;
  }
  return frames.reverse();
}
