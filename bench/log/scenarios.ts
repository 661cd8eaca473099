// The five logging scenarios and their payloads, shared by every contender so that each one
// writes exactly the same lines. Payloads are built per call (the counter varies), as in an
// application, rather than reused from one constant object.

import type { Contender, Fields } from "./contenders/index.ts";

export const SCENARIO_IDS = ["a", "b", "c", "d", "e"] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface Scenario {
  readonly id: ScenarioId;
  readonly title: string;
  /** Whether each call writes a line; (e) writes none and is reported in calls/s. */
  readonly writes: boolean;
  /** Keys every written line must carry at its top level. */
  readonly requiredKeys: readonly string[];
}

const CALL_KEYS = ["a", "n", "b", "obj"];
const BOUND_KEYS = ["user_id", "tenant", "attempt"];
const CONTEXT_KEYS = ["request_id", "method", "route"];

export const SCENARIOS: Readonly<Record<ScenarioId, Scenario>> = {
  a: { id: "a", title: "event + 4 fields", writes: true, requiredKeys: CALL_KEYS },
  b: { id: "b", title: "bound logger (+3 fields)", writes: true, requiredKeys: [...CALL_KEYS, ...BOUND_KEYS] },
  c: { id: "c", title: "in a context (+3 fields)", writes: true, requiredKeys: [...CALL_KEYS, ...CONTEXT_KEYS] },
  d: {
    id: "d",
    title: "context + secrets, redaction on",
    writes: true,
    requiredKeys: [...CALL_KEYS, ...CONTEXT_KEYS, "password", "token", "headers"],
  },
  e: { id: "e", title: "call below the level (debug)", writes: false, requiredKeys: [] },
};

export const EVENT = "bench_event";

/** Scenario (e) makes this many calls per line of the others: 200k calls below the level last ~2 ms, too short to time. */
export const DISABLED_CALLS_PER_LINE = 25;

/** (c) and (d) enter a new context (a "request") every this many lines. */
export const LINES_PER_CONTEXT = 10;

/** Secret values of (d): none of them may appear in the output file. */
export const SECRETS = {
  password: "hunter2-correct-horse",
  token: "tok_live_4f9a8b7c6d5e4f3a2b1c",
  bearer: "Bearer s3cr3t-4cc3ss-t0k3n-9f8e7d6c5b4a",
} as const;

/** The paths a contender without built-in default redaction is told to redact in (d). */
export const SECRET_PATHS = ["password", "token", "headers.authorization"] as const;

export const BOUND_FIELDS: Fields = { user_id: "u_1842", tenant: "acme", attempt: 3 };

/** (a): a string, a number, a boolean and a nested object of three keys. */
export function callFields(i: number): Fields {
  return { a: "assessment", n: i, b: true, obj: { x: i, y: "two", z: false } };
}

/** (d): the fields of (a) plus secrets at the top level and one nested under `headers`. */
export function secretFields(i: number): Fields {
  return {
    a: "assessment",
    n: i,
    b: true,
    obj: { x: i, y: "two", z: false },
    password: SECRETS.password,
    token: SECRETS.token,
    headers: { authorization: SECRETS.bearer, accept: "application/json" },
  };
}

export function contextFields(i: number): Fields {
  return { request_id: `req_${i}`, method: "GET", route: "/assessments/:id" };
}

function inContexts(contender: Contender, lines: number, fieldsAt: (i: number) => Fields): void {
  for (let start = 0; start < lines; start += LINES_PER_CONTEXT) {
    const end = Math.min(lines, start + LINES_PER_CONTEXT);
    contender.inContext(contextFields(start), () => {
      for (let i = start; i < end; i++) contender.info(EVENT, fieldsAt(i));
    });
  }
}

/** Calls the contender `lines` times (scenario (e): `lines * DISABLED_CALLS_PER_LINE`); returns the call count. */
export function runScenario(id: ScenarioId, contender: Contender, lines: number): number {
  switch (id) {
    case "a":
      for (let i = 0; i < lines; i++) contender.info(EVENT, callFields(i));
      return lines;
    case "b": {
      const bound = contender.bind(BOUND_FIELDS);
      for (let i = 0; i < lines; i++) bound(EVENT, callFields(i));
      return lines;
    }
    case "c":
      inContexts(contender, lines, callFields);
      return lines;
    case "d":
      inContexts(contender, lines, secretFields);
      return lines;
    case "e": {
      const calls = lines * DISABLED_CALLS_PER_LINE;
      for (let i = 0; i < calls; i++) contender.debug(EVENT, callFields(i));
      return calls;
    }
  }
}
