import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getLogger } from "../../../src/index.ts";
import { sightline, sightlineErrors } from "../../../src/http/adapters/express.ts";
import { tick, type AdapterFixture, type RunningServer } from "../fixture.ts";

const log = getLogger("app");

export const expressFixture: AdapterFixture = {
  name: "express",
  async missing() {
    try {
      await import("express");
      return undefined;
    } catch {
      return "express is not installed";
    }
  },
  async start(options) {
    const { default: express } = await import("express");
    const app = express();
    app.use(sightline(options));
    app.get("/assessments/:id", async (req, res) => {
      await tick();
      log.info("handler_log", { id: req.params.id });
      res.json({ id: req.params.id });
    });
    app.purge("/assessments/:id", (_req, res) => {
      res.send("purged");
    });
    app.get("/fail-sync", () => {
      throw new Error("sync boom");
    });
    app.get("/fail-async", async () => {
      await tick();
      throw new Error("async boom");
    });
    app.get("/bad-request", (_req, res) => {
      res.status(400).send("bad");
    });
    app.get("/unavailable", (_req, res) => {
      res.status(503).send("later");
    });
    app.use(sightlineErrors());
    // Express's default error handler prints the stack unless NODE_ENV is test or production.
    app.set("env", "test");
    return listen(app.listen(0, "127.0.0.1"));
  },
};

async function listen(server: Server): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
