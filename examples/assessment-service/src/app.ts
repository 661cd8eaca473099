// Builds the Fastify app: Sightline first (context, access lines, metrics, probes), then the routes.

import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import type { Health } from "sightline/health";
import { sightline, sightlineErrorHandler } from "sightline/fastify";
import { rateLimit } from "./rate-limit/rate-limit.ts";
import type { RateLimitOptions } from "./rate-limit/rate-limit.ts";
import { assessmentRoutes } from "./routes/assessments.ts";
import { demoRoutes } from "./routes/demo.ts";
import { userRoutes } from "./routes/users.ts";
import type { Database } from "./storage/database.ts";

export interface AppOptions {
  db: Database;
  /** Serves /health, /health/live, /health/ready and /health/startup. */
  health?: Health;
  rateLimit?: RateLimitOptions;
  /** Enables GET /demo/fail. Default false. */
  demo?: boolean;
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await app.register(sightline({ health: options.health, slowRequestMs: 500 }));
  // a failure answers `Internal Server Error` and the request id; its details are in the log and the error store
  app.setErrorHandler(sightlineErrorHandler);

  const limiter = rateLimit(options.rateLimit);
  app.addHook("onRequest", async (request, reply) => {
    if (request.url.startsWith("/health") || request.url.startsWith("/metrics")) return;
    await limiter(request, reply);
  });

  userRoutes(app, options.db);
  assessmentRoutes(app, options.db);
  demoRoutes(app, options.demo ?? false);
  return app;
}
