// The app of each contender, as its library's README sets it up, serving the one route
// `GET /assessments/:id` (a small JSON body; the handler logs nothing, so what a request costs
// beyond the bare framework is the instrumentation's). Every logger writes to the same kind of
// destination, a file, and each app only loads the libraries it uses.

import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type * as SightlineExpress from "sightline/express";
import { assessment, CONTENDERS, ROUTE, type ContenderId } from "./contenders.ts";

export interface App {
  readonly port: number;
  /** Puts every log line written so far into the file. */
  flush(): Promise<void>;
}

let served = 0;

/** Requests the route handler has answered (the same counter in every contender). */
export const servedCount = (): number => served;

/** pino's destination as pino documents it for speed (as in the logging suite). */
async function pinoDestination(file: string) {
  const { default: pino } = await import("pino");
  return pino.destination({ dest: file, sync: false, minLength: 4096, mkdir: false });
}

async function sightlineLogs(file: string): Promise<() => Promise<void>> {
  const { configure, flush } = await import("sightline");
  configure({ level: "info", format: "json", destination: file });
  return flush;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return (server.address() as AddressInfo).port;
}

async function fastifyApp(id: ContenderId, file: string): Promise<App> {
  const { default: Fastify } = await import("fastify");
  let flush = async (): Promise<void> => {};
  let app;
  if (id === "fastify-sightline") {
    flush = await sightlineLogs(file);
    const { sightline } = await import("sightline/fastify");
    app = Fastify();
    await app.register(sightline());
  } else if (id === "fastify-pino") {
    const destination = await pinoDestination(file);
    flush = async () => destination.flushSync();
    app = Fastify({ logger: { level: "info", stream: destination } });
    const { default: fastifyMetrics } = await import("fastify-metrics");
    await app.register(fastifyMetrics.default, { endpoint: "/metrics" });
  } else {
    app = Fastify();
  }
  app.get<{ Params: { id: string } }>(ROUTE, async (request) => {
    served++;
    return assessment(request.params.id);
  });
  await app.listen({ host: "127.0.0.1", port: 0 });
  return { port: (app.server.address() as AddressInfo).port, flush };
}

async function expressApp(id: ContenderId, file: string): Promise<App> {
  const { default: express } = await import("express");
  const app = express();
  let flush = async (): Promise<void> => {};
  let errors: ReturnType<typeof SightlineExpress.sightlineErrors> | undefined;
  if (id === "express-sightline") {
    flush = await sightlineLogs(file);
    const { sightline, sightlineErrors } = await import("sightline/express");
    app.use(sightline());
    errors = sightlineErrors();
  } else if (id === "express-pino") {
    const { default: pino } = await import("pino");
    const { pinoHttp } = await import("pino-http");
    const { default: promBundle } = await import("express-prom-bundle");
    const destination = await pinoDestination(file);
    flush = async () => destination.flushSync();
    app.use(promBundle({ includeMethod: true, includePath: true }));
    app.use(pinoHttp({ logger: pino(destination) }));
  }
  app.get(ROUTE, (req, res) => {
    served++;
    res.json(assessment(req.params.id));
  });
  if (errors !== undefined) app.use(errors); // after the routes, as its docs say
  return { port: await listen(createServer(app)), flush };
}

/** What the route's path starts with, `/assessments/`: plain node:http has no router. */
const ROUTE_PREFIX = ROUTE.slice(0, ROUTE.indexOf(":"));

/** The route template of a request to the node:http app, as Sightline's `route` option asks. */
const nodeRoute = (req: IncomingMessage): string | undefined => (req.url?.startsWith(ROUTE_PREFIX) ? ROUTE : undefined);

/** The node:http app's listener: the route by hand, the same body and headers Express sends. */
function nodeListener(req: IncomingMessage, res: ServerResponse): void {
  const url = req.url ?? "/";
  if (req.method !== "GET" || nodeRoute(req) === undefined) {
    res.writeHead(404).end();
    return;
  }
  const query = url.indexOf("?");
  const id = url.slice(ROUTE_PREFIX.length, query === -1 ? undefined : query);
  served++;
  const body = JSON.stringify(assessment(id));
  res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": Buffer.byteLength(body) });
  res.end(body);
}

async function nodeApp(id: ContenderId, file: string): Promise<App> {
  let flush = async (): Promise<void> => {};
  let listener: RequestListener = nodeListener;
  if (id === "node-sightline") {
    flush = await sightlineLogs(file);
    const { sightline } = await import("sightline/node");
    listener = sightline({ route: nodeRoute })(nodeListener);
  }
  return { port: await listen(createServer(listener)), flush };
}

async function koaApp(id: ContenderId, file: string): Promise<App> {
  const [{ default: Koa }, { default: Router }] = await Promise.all([import("koa"), import("@koa/router")]);
  const app = new Koa();
  let flush = async (): Promise<void> => {};
  if (id === "koa-sightline") {
    flush = await sightlineLogs(file);
    const { sightline } = await import("sightline/koa");
    app.use(sightline()); // first, so that it sees every request
  }
  const router = new Router();
  router.get(ROUTE, (ctx) => {
    served++;
    ctx.body = assessment(ctx.params.id ?? "");
  });
  app.use(router.routes());
  return { port: await listen(createServer(app.callback())), flush };
}

async function honoApp(id: ContenderId, file: string): Promise<App> {
  const [{ Hono }, { getRequestListener }] = await Promise.all([import("hono"), import("@hono/node-server")]);
  const app = new Hono();
  let flush = async (): Promise<void> => {};
  if (id === "hono-sightline") {
    flush = await sightlineLogs(file);
    const { sightline } = await import("sightline/hono");
    app.use(sightline()); // first, so that it sees every request
  }
  app.get(ROUTE, (c) => {
    served++;
    return c.json(assessment(c.req.param("id")));
  });
  // what @hono/node-server's serve() does, on a server listened to like the others
  return { port: await listen(createServer(getRequestListener(app.fetch))), flush };
}

export async function buildApp(id: ContenderId, file: string): Promise<App> {
  switch (CONTENDERS[id].framework) {
    case "fastify":
      return fastifyApp(id, file);
    case "express":
      return expressApp(id, file);
    case "node":
      return nodeApp(id, file);
    case "koa":
      return koaApp(id, file);
    case "hono":
      return honoApp(id, file);
  }
}
