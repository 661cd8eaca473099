// The contenders of the HTTP suite: the same one-route app on Fastify 5 and Express 5, bare, with
// Sightline, and with the usual pino + Prometheus pair of each framework. Shared by the driver
// (http/suite.ts) and the server child (http/server.ts); the apps themselves are in http/apps.ts.

export const FRAMEWORKS = ["fastify", "express"] as const;
export type Framework = (typeof FRAMEWORKS)[number];

export const CONTENDER_IDS = [
  "fastify-bare",
  "fastify-sightline",
  "fastify-pino",
  "express-bare",
  "express-sightline",
  "express-pino",
] as const;
export type ContenderId = (typeof CONTENDER_IDS)[number];

/** How the driver checks, after a run, that the contender's metrics counted the requests. */
export interface MetricsCheck {
  /** The sample whose values (summed over the lines naming the route) count the requests. */
  readonly sample: string;
}

export interface ContenderInfo {
  readonly id: ContenderId;
  readonly framework: Framework;
  readonly title: string;
  /** Whether the contender writes log lines to its file (the driver counts them after the run). */
  readonly logs: boolean;
  /** The contender serves `GET /metrics`; undefined for the bare frameworks. */
  readonly metrics: MetricsCheck | undefined;
  /** The target for the CPU added per request over the bare framework, µs; Sightline only. */
  readonly targetMicros: number | undefined;
}

export const CONTENDERS: Readonly<Record<ContenderId, ContenderInfo>> = {
  "fastify-bare": {
    id: "fastify-bare",
    framework: "fastify",
    title: "bare Fastify",
    logs: false,
    metrics: undefined,
    targetMicros: undefined,
  },
  "fastify-sightline": {
    id: "fastify-sightline",
    framework: "fastify",
    title: "Sightline (`sightline()` plugin)",
    logs: true,
    metrics: { sample: "http_server_requests_total" },
    targetMicros: 12,
  },
  "fastify-pino": {
    id: "fastify-pino",
    framework: "fastify",
    title: "Fastify's pino logger + `fastify-metrics`",
    logs: true,
    metrics: { sample: "http_request_duration_seconds_count" },
    targetMicros: undefined,
  },
  "express-bare": {
    id: "express-bare",
    framework: "express",
    title: "bare Express",
    logs: false,
    metrics: undefined,
    targetMicros: undefined,
  },
  "express-sightline": {
    id: "express-sightline",
    framework: "express",
    title: "Sightline (`sightline()` + `sightlineErrors()`)",
    logs: true,
    metrics: { sample: "http_server_requests_total" },
    targetMicros: 30,
  },
  "express-pino": {
    id: "express-pino",
    framework: "express",
    title: "`pino-http` + `express-prom-bundle`",
    logs: true,
    metrics: { sample: "http_request_duration_seconds_count" },
    targetMicros: undefined,
  },
};

/** The bare contender of a framework: the baseline every other one is paired with. */
export const bareOf = (framework: Framework): ContenderId => `${framework}-bare`;

/** The route every app serves, and the path the load generator asks for. */
export const ROUTE = "/assessments/:id";
export const REQUEST_PATH = "/assessments/1042";

/** The body every app answers with (small JSON, the same bytes in every contender). */
export function assessment(id: string): { id: string; status: string; score: number; tags: string[] } {
  return { id, status: "open", score: 42, tags: ["baseline", "q3"] };
}
