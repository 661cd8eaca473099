// `sightline errors show`: one stored event as plain text — what happened, where, the exception
// chain with its frames (the application's own marked with ">"), and the breadcrumbs.

import type { Breadcrumb, ErrorEvent, ExceptionValue, StackFrame } from "../errors/index.ts";
import type { StoredEvent } from "./error-store.ts";
import { isoSeconds, relativeTime, timeOfDay } from "./format-time.ts";

/** `key=value` pairs; strings without spaces stay bare, everything else is JSON. */
export function formatFields(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([key, value]) => {
      const text = typeof value === "string" && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
      return `${key}=${text}`;
    })
    .join(" ");
}

/** The one-line title of an event: `TypeError: could not save` or the captured message. */
export function eventTitle(event: ErrorEvent): string {
  const top = event.exception?.values.at(-1);
  if (top !== undefined) return `${top.type}: ${top.value}`;
  return event.message?.formatted ?? "(no message)";
}

function frameLine(frame: StackFrame): string {
  let where = frame.filename;
  if (frame.lineno !== undefined) where += `:${frame.lineno}:${frame.colno ?? 0}`;
  const call = frame.function === "<anonymous>" ? `at ${where}` : `at ${frame.function} (${where})`;
  return `${frame.in_app ? "  > " : "    "}${call}`;
}

function exceptionLines(values: readonly ExceptionValue[]): string[] {
  const lines: string[] = [];
  // Sentry's order keeps the thrown error last; print it first, as Node.js does
  [...values].reverse().forEach((value, index) => {
    const source = value.mechanism?.source;
    const label = index === 0 || source === undefined ? "" : source === "cause" ? "Caused by: " : `${source}: `;
    lines.push(`  ${label}${value.type}: ${value.value}`);
    // frames are stored crashing frame last; a stack trace reads crashing frame first
    for (const frame of [...(value.stacktrace?.frames ?? [])].reverse()) lines.push(`  ${frameLine(frame)}`);
  });
  return lines;
}

/** Fields a breadcrumb repeats from the event (its request, its ids) or from the exception. */
function repeated(event: ErrorEvent): Map<string, unknown> {
  const known = new Map<string, unknown>([
    ["method", event.request?.method],
    ["path", event.request?.url],
    ["route", event.request?.route],
  ]);
  for (const [key, value] of Object.entries(event.extra ?? {})) known.set(key, value);
  return known;
}

const ERROR_DETAILS = new Set(["stack", "cause", "errors", "error_details"]);

function breadcrumbLines(crumbs: readonly Breadcrumb[], event: ErrorEvent): string[] {
  const known = repeated(event);
  const categoryWidth = Math.max(...crumbs.map((crumb) => crumb.category.length));
  const messageWidth = Math.max(...crumbs.map((crumb) => crumb.message.length));
  return crumbs.map((crumb) => {
    const data = Object.entries(crumb.data ?? {}).filter(
      ([key, value]) => !ERROR_DETAILS.has(key) && !(known.has(key) && known.get(key) === value),
    );
    const parts = [
      timeOfDay(crumb.timestamp * 1000),
      crumb.level.padEnd(8),
      crumb.category.padEnd(categoryWidth),
      crumb.message.padEnd(messageWidth),
      formatFields(Object.fromEntries(data)),
    ];
    return `  ${parts.join("  ")}`.trimEnd();
  });
}

function labelled(rows: Array<[string, string | undefined]>): string[] {
  return rows
    .filter((row): row is [string, string] => row[1] !== undefined && row[1] !== "")
    .map(([label, value]) => `  ${label.padEnd(9)} ${value}`);
}

/** The text of `sightline errors show`. */
export function renderEvent({ group, event, siblings }: StoredEvent, now: number): string {
  const at = event.timestamp * 1000;
  const request = event.request;
  const requestText =
    request === undefined
      ? undefined
      : [request.method, request.route, request.url !== request.route && request.url ? `(${request.url})` : undefined]
          .filter((part) => part !== undefined && part !== "")
          .join(" ");
  const environment = [
    event.environment,
    event.release === undefined ? undefined : `release ${event.release}`,
    event.server_name === undefined ? undefined : `server ${event.server_name}`,
  ]
    .filter((part) => part !== undefined)
    .join(", ");
  const contexts = Object.entries(event.contexts ?? {})
    .filter(([name]) => name !== "runtime")
    .map(([name, value]) => `${name} ${JSON.stringify(value)}`)
    .join("; ");
  const groupText =
    group === undefined
      ? undefined
      : `${group.key.slice(0, 12)}, ${group.count} occurrence${group.count === 1 ? "" : "s"}, ` +
        `first ${isoSeconds(group.first_seen)}, last ${isoSeconds(group.last_seen)}`;
  const lines = [
    eventTitle(event),
    ...labelled([
      ["event", event.event_id],
      ["level", event.level],
      ["time", `${new Date(at).toISOString()} (${relativeTime(at, now)})`],
      ["group", groupText],
      ["env", environment],
      ["request", requestText],
      ["user", event.user?.id === undefined ? undefined : String(event.user.id)],
      ["tags", event.tags === undefined ? undefined : formatFields(event.tags)],
      ["context", contexts],
      ["ids", event.extra === undefined ? undefined : formatFields(event.extra)],
    ]),
  ];
  const values = event.exception?.values ?? [];
  if (values.length > 0) lines.push("", "Exception (> marks your code)", ...exceptionLines(values));
  const crumbs = event.breadcrumbs?.values ?? [];
  if (crumbs.length > 0)
    lines.push("", `Breadcrumbs (${crumbs.length}, oldest first)`, ...breadcrumbLines(crumbs, event));
  const others = siblings.filter((sibling) => sibling.id !== event.event_id);
  if (others.length > 0) {
    lines.push("", `Other stored events of this group`);
    for (const other of others) lines.push(`  ${other.id}  ${isoSeconds(other.timestamp)}  ${other.level}`);
  }
  return `${lines.join("\n")}\n`;
}
