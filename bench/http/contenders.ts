// The contenders of the HTTP suite: the same one-route app on each framework Sightline has an
// adapter for, bare and with Sightline, and on Fastify 5 and Express 5 also with the usual
// pino + Prometheus pair. Shared by the driver (http/suite.ts), its report (http/report.ts) and
// the server child (http/server.ts); the apps themselves are in http/apps.ts.

export const FRAMEWORKS = ["fastify", "express", "node", "koa", "hono"] as const;
export type Framework = (typeof FRAMEWORKS)[number];

/** How the report names a framework: `name` in sentences, `table` (with its major) in the table. */
export const FRAMEWORK_NAMES: Readonly<Record<Framework, { readonly name: string; readonly table: string }>> = {
  fastify: { name: "Fastify", table: "Fastify 5" },
  express: { name: "Express", table: "Express 5" },
  node: { name: "node:http", table: "node:http" },
  koa: { name: "Koa", table: "Koa 3" },
  hono: { name: "Hono", table: "Hono 4" },
};

export const CONTENDER_IDS = [
  "fastify-bare",
  "fastify-sightline",
  "fastify-pino",
  "express-bare",
  "express-sightline",
  "express-pino",
  "node-bare",
  "node-sightline",
  "koa-bare",
  "koa-sightline",
  "hono-bare",
  "hono-sightline",
] as const;
export type ContenderId = (typeof CONTENDER_IDS)[number];

/** The bare framework (the baseline), Sightline's adapter on it, or the usual pino + Prometheus pair. */
export type ContenderKind = "bare" | "sightline" | "pino";

/** How the driver checks, after a run, that the contender's metrics counted the requests. */
export interface MetricsCheck {
  /** The sample whose values (summed over the lines naming the route) count the requests. */
  readonly sample: string;
}

export interface ContenderInfo {
  readonly id: ContenderId;
  readonly framework: Framework;
  readonly kind: ContenderKind;
  readonly title: string;
  /** Whether the contender writes log lines to its file (the driver counts them after the run). */
  readonly logs: boolean;
  /** The contender serves `GET /metrics`; undefined for the bare frameworks. */
  readonly metrics: MetricsCheck | undefined;
  /** The target for the CPU added per request over the bare framework, µs; Sightline only. */
  readonly targetMicros: number | undefined;
}

const sightlineMetrics: MetricsCheck = { sample: "http_server_requests_total" };
const promMetrics: MetricsCheck = { sample: "http_request_duration_seconds_count" };

function bare(framework: Framework, title: string): ContenderInfo {
  const id = `${framework}-bare` as const;
  return { id, framework, kind: "bare", title, logs: false, metrics: undefined, targetMicros: undefined };
}

function withSightline(framework: Framework, title: string, targetMicros?: number): ContenderInfo {
  const id = `${framework}-sightline` as const;
  return { id, framework, kind: "sightline", title, logs: true, metrics: sightlineMetrics, targetMicros };
}

function withPino(framework: "fastify" | "express", title: string): ContenderInfo {
  const id = `${framework}-pino` as const;
  return { id, framework, kind: "pino", title, logs: true, metrics: promMetrics, targetMicros: undefined };
}

export const CONTENDERS: Readonly<Record<ContenderId, ContenderInfo>> = {
  "fastify-bare": bare("fastify", "bare Fastify"),
  "fastify-sightline": withSightline("fastify", "Sightline (`sightline()` plugin)", 12),
  "fastify-pino": withPino("fastify", "Fastify's pino logger + `fastify-metrics`"),
  "express-bare": bare("express", "bare Express"),
  "express-sightline": withSightline("express", "Sightline (`sightline()` + `sightlineErrors()`)", 30),
  "express-pino": withPino("express", "`pino-http` + `express-prom-bundle`"),
  "node-bare": bare("node", "bare node:http"),
  "node-sightline": withSightline("node", "Sightline (`sightline({ route })` wrapper)"),
  "koa-bare": bare("koa", "bare Koa"),
  "koa-sightline": withSightline("koa", "Sightline (`sightline()` middleware)"),
  "hono-bare": bare("hono", "bare Hono"),
  "hono-sightline": withSightline("hono", "Sightline (`sightline()` middleware)"),
};

/** The bare contender of a framework: the baseline every other one is paired with. */
export const bareOf = (framework: Framework): ContenderId => `${framework}-bare`;

/** The contender of a kind on a framework, if the suite has one (only Fastify and Express have a pino pair). */
export function contenderOf(framework: Framework, kind: ContenderKind): ContenderId | undefined {
  return CONTENDER_IDS.find((id) => CONTENDERS[id].framework === framework && CONTENDERS[id].kind === kind);
}

/** The route every app serves, and the path the load generator asks for. */
export const ROUTE = "/assessments/:id";
export const REQUEST_PATH = "/assessments/1042";

/** The body every app answers with (small JSON, the same bytes in every contender). */
export function assessment(id: string): { id: string; status: string; score: number; tags: string[] } {
  return { id, status: "open", score: 42, tags: ["baseline", "q3"] };
}
