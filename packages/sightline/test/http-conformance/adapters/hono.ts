import type { AddressInfo } from "node:net";
import { getLogger } from "../../../src/index.ts";
import { tick, type AdapterFixture } from "../fixture.ts";

const log = getLogger("app");

export const honoFixture: AdapterFixture = {
  name: "hono",
  async missing() {
    try {
      await import("hono");
      await import("@hono/node-server");
      return undefined;
    } catch {
      return "hono or @hono/node-server is not installed";
    }
  },
  async start(options) {
    const { Hono } = await import("hono");
    const { serve } = await import("@hono/node-server");
    const { sightline } = await import("../../../src/http/adapters/hono.ts");
    const app = new Hono();
    app.use(sightline(options));
    app.get("/assessments/:id", async (c) => {
      await tick();
      log.info("handler_log", { id: c.req.param("id") });
      return c.json({ id: c.req.param("id") });
    });
    app.get("/fail-sync", () => {
      throw new Error("sync boom");
    });
    app.get("/fail-async", async () => {
      await tick();
      throw new Error("async boom");
    });
    app.get("/bad-request", (c) => c.text("bad", 400));
    app.get("/unavailable", (c) => c.text("later", 503));
    app.on("PURGE", "/assessments/:id", (c) => c.text("purged"));
    // Hono's default error handler also prints the error; answer the same 500 quietly
    app.onError((_error, c) => c.text("Internal Server Error", 500));
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const started = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(started));
    });
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
    };
  },
};
