export { createHealth, Health } from "./health.ts";
export type { HealthOptions, ReadinessAnswer } from "./health.ts";
export { healthHandler, HEALTH_PATHS } from "./handler.ts";
export type { ShutdownOptions } from "./shutdown.ts";
export type {
  CheckDefinition,
  CheckFunction,
  CheckReport,
  CheckResult,
  CheckStatus,
  LivenessReport,
  ReadinessReport,
  ReadinessStatus,
} from "./types.ts";
export { sqliteCheck } from "./checks/sqlite-check.ts";
export type { SqliteLike } from "./checks/sqlite-check.ts";
export { pgCheck } from "./checks/pg-check.ts";
export type { PgLike } from "./checks/pg-check.ts";
export { redisCheck } from "./checks/redis-check.ts";
export type { RedisLike } from "./checks/redis-check.ts";
export { httpCheck } from "./checks/http-check.ts";
export type { HttpCheckOptions } from "./checks/http-check.ts";
export { eventLoopDelayCheck } from "./checks/event-loop-delay-check.ts";
export type { EventLoopDelayCheckOptions } from "./checks/event-loop-delay-check.ts";
export { memoryCheck } from "./checks/memory-check.ts";
export type { MemoryCheckOptions } from "./checks/memory-check.ts";
