import { checkHandle } from "../../internal/options.ts";
import type { CheckFunction } from "../types.ts";

/** What redisCheck needs of an ioredis or node-redis client. */
export interface RedisLike {
  ping(): Promise<unknown>;
}

/**
 * Readiness of Redis: `PING` must answer `PONG`.
 * @since 0.1.0
 */
export function redisCheck(client: RedisLike): CheckFunction {
  checkHandle("redisCheck()", "client", client, ["ping"]);
  return async function redis() {
    const answer = await client.ping();
    if (answer !== "PONG") throw new Error(`PING answered ${JSON.stringify(answer)}`);
  };
}
