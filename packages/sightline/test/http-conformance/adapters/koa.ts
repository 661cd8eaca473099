import type { AddressInfo } from "node:net";
import { getLogger } from "../../../src/index.ts";
import { sightline } from "../../../src/http/adapters/koa.ts";
import { tick, type AdapterFixture } from "../fixture.ts";
import type KoaModule from "koa";

const log = getLogger("app");

/** Koa 3 ("koa"), or another major installed under an alias ("koa2"). */
function koaFixtureOf(name: string, specifier: string): AdapterFixture {
  // a string variable: the alias has no type declarations, and the suite only uses what both have
  const load = (): Promise<{ default: typeof KoaModule }> => import(specifier);
  return {
    name,
    async missing() {
      try {
        await Promise.all([load(), import("@koa/router")]);
        return undefined;
      } catch {
        return `${specifier} or @koa/router is not installed`;
      }
    },
    async start(options) {
      const [{ default: Koa }, { default: Router }] = await Promise.all([load(), import("@koa/router")]);
      const app = new Koa();
      app.silent = true; // the thrown test errors would otherwise be printed to stderr
      const router = new Router();
      router.get("/assessments/:id", async (ctx) => {
        await tick();
        log.info("handler_log", { id: ctx.params.id });
        ctx.body = { id: ctx.params.id };
      });
      router.register("/assessments/:id", ["PURGE"], (ctx) => {
        ctx.body = "purged";
      });
      router.get("/fail-sync", () => {
        throw new Error("sync boom");
      });
      router.get("/fail-async", async () => {
        await tick();
        throw new Error("async boom");
      });
      router.get("/bad-request", (ctx) => {
        ctx.status = 400;
        ctx.body = "bad";
      });
      router.get("/unavailable", (ctx) => {
        ctx.status = 503;
        ctx.body = "later";
      });
      app.use(sightline(options)).use(router.routes());
      const server = app.listen(0, "127.0.0.1");
      await new Promise<void>((resolve, reject) => server.once("listening", resolve).once("error", reject));
      return {
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () => new Promise((resolve) => server.close(() => resolve())),
      };
    },
  };
}

export const koaFixture = koaFixtureOf("koa", "koa");
export const koa2Fixture = koaFixtureOf("koa 2", "koa2");
