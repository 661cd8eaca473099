// Sightline's own lines (dropped log lines, an ignored environment variable, a crash) from the
// modules the log module builds on or that load before it: they report here, and the log,
// subscribed when it loads, writes each as a line of the `sightline` logger. So no module below
// the log imports it. Published synchronously: the line is in the log's buffer when report()
// returns, which the crash path relies on.

import { channel } from "node:diagnostics_channel";

export type ReportLevel = "debug" | "info" | "warning" | "error" | "critical";

export interface SelfReport {
  readonly level: ReportLevel;
  readonly event: string;
  readonly fields: object | undefined;
  /** Present (even if undefined was thrown) when the line is about a thrown value. */
  readonly error?: unknown;
}

const reports = channel("sightline:internal:report");

/** Writes one of Sightline's own lines; `error`, when given, is logged as the line's exception. */
export function report(level: ReportLevel, event: string, fields?: object, ...error: [unknown?]): void {
  const message: SelfReport = error.length === 0 ? { level, event, fields } : { level, event, fields, error: error[0] };
  if (reports.hasSubscribers) {
    reports.publish(message);
    return;
  }
  // nothing writes lines in this process (the log module is not loaded): Node.js's own channel
  process.emitWarning(`${event} ${JSON.stringify(fields ?? {})}`, { code: "SIGHTLINE_W_SELF_REPORT" });
}

/** The log module's subscription: `write` gets every report. */
export function writeReportsWith(write: (report: SelfReport) => void): void {
  reports.subscribe((message) => write(message as SelfReport));
}
