// GET /demo/fail: fails on purpose (with a cause) so errors and breadcrumbs can be seen.

import type { FastifyInstance } from "fastify";
import { getLogger } from "sightline";

const log = getLogger("demo");

export function demoRoutes(app: FastifyInstance, enabled: boolean): void {
  app.get("/demo/fail", async (_request, reply) => {
    if (!enabled) {
      log.warning("demo_failure_skipped", { reason: "demo_disabled" });
      return reply.code(404).send({ error: "not found" });
    }
    log.info("grading_started", { assessment_id: "math-1" });
    log.info("grading_rules_loaded", { rules: 3 });
    throw new Error("could not grade the assessment", {
      cause: new Error("connect ECONNREFUSED 127.0.0.1:6379 (grading cache)"),
    });
  });
}
