import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { getLogger } from "../../../src/index.ts";
import { sightline } from "../../../src/http/adapters/node.ts";
import { tick, type AdapterFixture } from "../fixture.ts";

const log = getLogger("app");

function routeOf(url: string | undefined): string | undefined {
  const path = (url ?? "/").split("?")[0] ?? "/";
  if (/^\/assessments\/[^/]+$/.test(path)) return "/assessments/:id";
  return ["/fail-sync", "/fail-async", "/bad-request", "/unavailable"].includes(path) ? path : undefined;
}

export const nodeFixture: AdapterFixture = {
  name: "node",
  async start(options) {
    const instrument = sightline({ ...options, route: (req) => routeOf(req.url) });
    const server = createServer(
      instrument(async (req, res) => {
        const route = routeOf(req.url);
        if (route === "/assessments/:id") {
          await tick();
          const id = (req.url ?? "").split("/")[2]?.split("?")[0];
          log.info("handler_log", { id });
          res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id }));
        } else if (route === "/fail-sync") {
          throw new Error("sync boom");
        } else if (route === "/fail-async") {
          await tick();
          throw new Error("async boom");
        } else if (route === "/bad-request") {
          res.writeHead(400).end("bad");
        } else if (route === "/unavailable") {
          res.writeHead(503).end("later");
        } else {
          res.writeHead(404).end("not found");
        }
      }),
    );
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => new Promise((resolve) => server.close(() => resolve())),
    };
  },
};
