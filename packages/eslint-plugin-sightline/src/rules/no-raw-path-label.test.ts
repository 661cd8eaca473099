import { runRule } from "../../test/rule-tester.ts";
import rule from "./no-raw-path-label.ts";

const METRICS = `const requests = new Counter({ name: "http_requests_total", help: "h", labelNames: ["method", "path", "status"] });
const duration = new Histogram({ name: "http_request_duration_seconds", help: "h", labelNames: ["method", "path"] });
`;

runRule("no-raw-path-label", rule, {
  valid: [
    // route templates
    `${METRICS}requests.inc({ method: req.method, path: req.route?.path ?? "unmatched", status: res.statusCode });`,
    `${METRICS}duration.observe({ method: c.req.method, path: c.req.routePath }, seconds);`,
    `${METRICS}requests.labels({ method: ctx.method, path: ctx._matchedRoute }).inc();`,
    `${METRICS}requests.labels(req.method, routeTemplate(req.url), "200").inc();`,
    // a normalising call ends the search
    `${METRICS}requests.inc({ path: normalize(req.path) });`,
    `${METRICS}requests.inc({ path: req.path.replace(/\\d+/g, ":id") });`,
    // not a metric
    "cache.set(req.url, body);",
    "map.set({ path: req.url }, 1);",
    "log.info('request_received', { path: req.url });",
    // values that are not paths
    `${METRICS}requests.inc({ method: req.method, status: String(res.statusCode) });`,
    `${METRICS}duration.observe({ path: "/health" }, 0.1);`,
    `${METRICS}const end = duration.startTimer({ method: req.method });`,
    // a variable that is not a raw path
    `${METRICS}const route = req.route.path; requests.inc({ path: route });`,
  ],
  invalid: [
    {
      // the source document's middleware, ported
      code: `${METRICS}duration.labels({ method: request.method, path: request.url }).observe(elapsed);`,
      errors: [{ messageId: "rawPath", data: { source: "request.url" } }],
    },
    {
      code: `${METRICS}requests.inc({ method: req.method, path: req.path, status: res.statusCode });`,
      errors: [{ messageId: "rawPath", data: { source: "req.path" } }],
    },
    {
      code: `${METRICS}requests.inc({ path: req.originalUrl.split("?")[0] });`,
      errors: [{ messageId: "rawPath", data: { source: "req.originalUrl" } }],
    },
    {
      code: `${METRICS}duration.observe({ path: new URL(c.req.url).pathname }, seconds);`,
      errors: [{ messageId: "rawPath", data: { source: "c.req.url" } }],
    },
    {
      code: `${METRICS}duration.observe({ path: c.req.path as string }, seconds);`,
      errors: [{ messageId: "rawPath", data: { source: "c.req.path" } }],
    },
    {
      code: `${METRICS}requests.labels(ctx.method, ctx.path, String(ctx.status)).inc();`,
      errors: [{ messageId: "rawPath", data: { source: "ctx.path" } }],
    },
    {
      code: `${METRICS}requests.inc({ path: \`\${ctx.request.url}\` });`,
      errors: [{ messageId: "rawPath", data: { source: "ctx.request.url" } }],
    },
    {
      // through a const
      code: `${METRICS}const path = req.url!.toLowerCase(); requests.inc({ path });`,
      errors: [{ messageId: "rawPath", data: { source: "req.url" } }],
    },
    {
      // this.req.url, inside a class with a metric field
      code: `class Handler {
  private readonly hits = new Counter({ name: "hits_total", help: "h", labelNames: ["path"] });
  handle(): void { this.hits.inc({ path: this.req.url }); }
}`,
      errors: [{ messageId: "rawPath", data: { source: "this.req.url" } }],
    },
    {
      // a .labels() child on anything
      code: "metrics.requests.labels({ path: request.path }).inc();",
      errors: [{ messageId: "rawPath", data: { source: "request.path" } }],
    },
    {
      // OpenTelemetry: attributes are the second argument
      code: `const counter = meter.createCounter("http.requests");
counter.add(1, { "http.route": req.path });`,
      errors: [{ messageId: "rawPath", data: { source: "req.path" } }],
    },
    {
      code: `${METRICS}const end = duration.startTimer({ path: req.url ?? "" });`,
      errors: [{ messageId: "rawPath" }],
    },
    {
      code: `${METRICS}requests.inc({ path: flag ? req.path : "other" });`,
      errors: [{ messageId: "rawPath" }],
    },
    {
      // a source from the options
      code: "const h = new Histogram({ name: 'x', help: 'h' }); h.observe({ path: event.rawPath }, 1);",
      options: [{ sources: ["event.rawPath"] }],
      errors: [{ messageId: "rawPath", data: { source: "event.rawPath" } }],
    },
    {
      // a metric named in the settings
      code: "httpRequestsTotal.inc({ path: req.path });",
      settings: { sightline: { metrics: ["*Total"] } },
      errors: [{ messageId: "rawPath" }],
    },
  ],
});
