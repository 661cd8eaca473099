// Flow tracing: a multi-step operation that says how far it got. Every line logged inside
// carries its flow_id; each step is timed, logged and measured; a failure names its step and
// is re-thrown unchanged; an early end is logged, never silent.

import { getContext, withContext } from "../context/index.ts";
import { describeValue, invalidOption } from "../internal/options.ts";
import { getLogger, type Fields } from "../log/index.ts";
import type { FlowMetrics } from "./flow-metrics.ts";
import { flowTracing, type FlowSpan } from "../internal/tracing-seam.ts";

/** What a flow's function receives. @since 0.1.0 */
export interface Flow {
  /** `retake-3f9a2c81b0d4`: also in the context as `flow_id`. */
  readonly id: string;
  readonly name: string;
  /** Runs one step (sync or async), timed and logged; resolves to what it returns. */
  step<T>(name: string, fn: () => T): Promise<Awaited<T>>;
  /** Ends the flow here: logs `<name>_flow_skipped` at warning; flow() resolves to undefined. */
  skip(reason: string, fields?: Fields): never;
}

const log = getLogger("flow");

/** Thrown by skip() and caught by flow(): never seen by user code. */
class FlowSkipped {
  readonly reason: string;
  readonly fields: Fields | undefined;

  constructor(reason: string, fields: Fields | undefined) {
    this.reason = reason;
    this.fields = fields;
  }
}

// Loaded with the first flow, not with `import "sightline"`: loading node:crypto (and the metrics
// modules) with the root import made peak RSS in bench/log scenario (d) 18 MB larger (120
// against 102 MB) for programs that never run a flow.
interface FlowDependencies {
  metrics: () => FlowMetrics;
  randomHex: (bytes: number) => string;
}

let dependencies: Promise<FlowDependencies> | undefined;

function loadDependencies(): Promise<FlowDependencies> {
  dependencies ??= Promise.all([import("./flow-metrics.ts"), import("node:crypto")]).then(
    ([{ flowMetrics }, { randomBytes }]) => ({
      metrics: flowMetrics,
      randomHex: (bytes: number) => randomBytes(bytes).toString("hex"),
    }),
  );
  return dependencies;
}

function seconds(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function ms(value: number): number {
  return Math.round(value * 1e6) / 1e3;
}

/**
 * Runs a multi-step operation as a flow: `<name>_flow_started`, one `<name>_flow_step` per step,
 * then `<name>_flow_completed`, `_failed` (the error is re-thrown unchanged) or `_skipped`.
 * Name flows and steps with code constants: they are metric labels.
 *
 * @example
 * await flow("retake", { user_id, skill_area }, async (f) => {
 *   const completed = await f.step("load_completed", () => loadCompleted(id));
 *   if (completed.length === 0) f.skip("nothing_to_retake");
 *   await f.step("clear_answers", () => clear(user_id, skill_area));
 * });
 * @see docs/flows.md
 * @since 0.1.0
 */
export function flow<T>(name: string, fn: (flow: Flow) => T): Promise<Awaited<T> | undefined>;
export function flow<T>(name: string, fields: Fields, fn: (flow: Flow) => T): Promise<Awaited<T> | undefined>;
export function flow<T>(
  name: string,
  fieldsOrFn: Fields | ((flow: Flow) => T),
  maybeFn?: (flow: Flow) => T,
): Promise<Awaited<T> | undefined> {
  // checked before anything runs, so that a misuse throws at the call, not in a rejected promise
  const [fields, fn] = typeof fieldsOrFn === "function" ? [{}, fieldsOrFn] : [fieldsOrFn, maybeFn];
  if (typeof name !== "string" || name.trim() === "") {
    throw invalidOption("flow(name, fields, fn)", "name", `expected a non-empty string, got ${describeValue(name)}`);
  }
  if (fields === null || typeof fields !== "object") {
    throw invalidOption("flow(name, fields, fn)", "fields", `expected an object, got ${describeValue(fields)}`);
  }
  if (typeof fn !== "function") {
    throw invalidOption("flow(name, fields, fn)", "fn", `expected a function, got ${describeValue(fn)}`);
  }
  return runFlow(name, fields, fn);
}

async function runFlow<T>(name: string, fields: Fields, fn: (flow: Flow) => T): Promise<Awaited<T> | undefined> {
  const loaded = await loadDependencies();
  const metrics = loaded.metrics();
  const parent = getContext().flow_id;
  const id = `${name}-${loaded.randomHex(6)}`;
  const scope: Record<string, unknown> = { flow_id: id };
  if (typeof parent === "string") scope.parent_flow_id = parent;
  const span: FlowSpan | undefined = flowTracing()?.startFlow(name, id, fields);
  const body = async (): Promise<Awaited<T> | undefined> => {
    const started = process.hrtime.bigint();
    let steps = 0;
    let current: string | undefined;
    const handle: Flow = {
      id,
      name,
      async step<R>(stepName: string, stepFn: () => R): Promise<Awaited<R>> {
        steps++;
        current = stepName;
        log.debug(`${name}_flow_step`, { step: stepName });
        const stepStarted = process.hrtime.bigint();
        const stepSpan = span?.startStep(stepName);
        try {
          const result = await (stepSpan === undefined ? stepFn() : stepSpan.run(stepFn));
          const took = seconds(stepStarted);
          metrics.step.observe({ flow: name, step: stepName, outcome: "completed" }, took);
          stepSpan?.end();
          log.debug(`${name}_flow_step`, { step: stepName, duration_ms: ms(took) });
          current = undefined;
          return result;
        } catch (error) {
          const outcome = error instanceof FlowSkipped ? "skipped" : "failed";
          metrics.step.observe({ flow: name, step: stepName, outcome }, seconds(stepStarted));
          stepSpan?.end(outcome === "failed" ? error : undefined);
          throw error;
        }
      },
      skip(reason: string, skipFields?: Fields): never {
        throw new FlowSkipped(reason, skipFields);
      },
    };
    log.info(`${name}_flow_started`, fields);
    try {
      const result = await fn(handle);
      const took = seconds(started);
      metrics.flow.observe({ flow: name, outcome: "completed" }, took);
      span?.end();
      log.info(`${name}_flow_completed`, { duration_ms: ms(took), steps });
      return result;
    } catch (error) {
      const took = seconds(started);
      if (error instanceof FlowSkipped) {
        metrics.flow.observe({ flow: name, outcome: "skipped" }, took);
        span?.end();
        log.warning(`${name}_flow_skipped`, {
          ...error.fields,
          reason: error.reason,
          step: current,
          duration_ms: ms(took),
        });
        return undefined;
      }
      metrics.flow.observe({ flow: name, outcome: "failed" }, took);
      span?.end(error);
      log.exception(`${name}_flow_failed`, error, { step: current, duration_ms: ms(took) });
      throw error;
    }
  };
  return withContext(scope, () => (span === undefined ? body() : span.run(body)));
}
