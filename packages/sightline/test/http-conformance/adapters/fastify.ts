import type { AddressInfo } from "node:net";
import { getLogger } from "../../../src/index.ts";
import { tick, type AdapterFixture } from "../fixture.ts";

const log = getLogger("app");

export const fastifyFixture: AdapterFixture = {
  name: "fastify",
  async missing() {
    try {
      await import("fastify");
      return undefined;
    } catch {
      return "fastify is not installed";
    }
  },
  async start(options) {
    const { default: Fastify } = await import("fastify");
    const { sightline } = await import("../../../src/http/adapters/fastify.ts");
    const app = Fastify();
    await app.register(sightline(options));
    app.get<{ Params: { id: string } }>("/assessments/:id", async (request) => {
      await tick();
      log.info("handler_log", { id: request.params.id });
      return { id: request.params.id };
    });
    app.get("/fail-sync", () => {
      throw new Error("sync boom");
    });
    app.get("/fail-async", async () => {
      await tick();
      throw new Error("async boom");
    });
    app.get("/bad-request", (_request, reply) => reply.code(400).send("bad"));
    app.get("/unavailable", (_request, reply) => reply.code(503).send("later"));
    app.addHttpMethod("PURGE");
    app.route({ method: "PURGE", url: "/assessments/:id", handler: (_request, reply) => reply.send("purged") });
    await app.listen({ port: 0, host: "127.0.0.1" });
    return {
      url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`,
      close: () => app.close(),
    };
  },
};
