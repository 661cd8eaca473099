import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getLogger } from "../../../src/index.ts";
import { sightline, sightlineErrors } from "../../../src/http/adapters/express.ts";
import { tick, type AdapterFixture, type RunningServer } from "../fixture.ts";
import type ExpressModule from "express";

const log = getLogger("app");

/** Express 5 ("express"), or another major installed under an alias ("express4"). */
function expressFixtureOf(name: string, specifier: string): AdapterFixture {
  // a string variable: the alias has no type declarations, and the suite only uses what both have
  const load = (): Promise<{ default: typeof ExpressModule }> => import(specifier);
  // Express 5 passes a rejected handler promise to the error middleware; Express 4 needs the
  // usual wrapper (docs/http.md)
  const wrapAsync = specifier !== "express";
  return {
    name,
    async missing() {
      try {
        await load();
        return undefined;
      } catch {
        return `${specifier} is not installed`;
      }
    },
    async start(options) {
      const { default: express } = await load();
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
      const failAsync = async () => {
        await tick();
        throw new Error("async boom");
      };
      app.get("/fail-async", wrapAsync ? (_req, _res, next) => void failAsync().catch(next) : failAsync);
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
}

export const expressFixture = expressFixtureOf("express", "express");
export const express4Fixture = expressFixtureOf("express 4", "express4");

async function listen(server: Server): Promise<RunningServer> {
  await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
