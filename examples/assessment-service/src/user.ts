// The caller's id, from the `x-user-id` header (authentication is out of scope for the example).

import type { FastifyReply, FastifyRequest } from "fastify";
import { bindContext, getLogger } from "sightline";
import { setUser } from "sightline/errors";

const log = getLogger("auth");

/** Binds the user to the request's log context and error scope; answers 401 without one. */
export function requireUser(request: FastifyRequest, reply: FastifyReply): string | undefined {
  const header = request.headers["x-user-id"];
  if (typeof header !== "string" || header === "") {
    log.warning("request_rejected", { reason: "missing_user_id" });
    void reply.code(401).send({ error: "missing x-user-id header" });
    return undefined;
  }
  bindContext({ user_id: header });
  setUser({ id: header });
  return header;
}
