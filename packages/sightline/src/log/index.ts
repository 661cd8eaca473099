export { configure } from "./configure.ts";
export type { ConfigureOptions } from "./configure.ts";
export { getLogger, flush, getDroppedCount, Logger } from "./logger.ts";
export type { Fields } from "./logger.ts";
export { LEVELS } from "./levels.ts";
export type { LevelName } from "./levels.ts";
export type { SerializeLimits } from "./serialize.ts";
export type { DestinationOption } from "./destination.ts";
