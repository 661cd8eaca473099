// The deploy kit (deploy/prometheus, deploy/grafana) checked against the real tools, a real
// Prometheus and this service: promtool validates the rules and the scrape config; the dashboard
// parses and every panel has a query; then the service itself (src/main.ts in a child process,
// DEMO=1, on PostgreSQL and Redis where their servers are installed, else on SQLite and memory)
// takes bounded traffic on every route while Prometheus scrapes it every second with the kit's
// alerts.yml loaded, and every panel query and every alert expression is evaluated by it.
// Everything listens on 127.0.0.1; traffic and time are bounded. Tests skip, saying why, where
// promtool or prometheus is missing.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  prometheusMissing,
  promtoolMissing,
  runPromtool,
  startPrometheus,
  type RunningPrometheus,
} from "../../../packages/sightline/test/helpers/prometheus-server.ts";
import {
  postgresMissing,
  startPostgres,
  type RunningPostgres,
} from "../../../packages/sightline/test/helpers/postgres-server.ts";
import { redisMissing, startRedis, type RunningRedis } from "../../../packages/sightline/test/helpers/redis-server.ts";
import { startService, type ServiceProcess } from "./service-process.ts";

const DEPLOY = path.resolve(import.meta.dirname, "../../../deploy");
const ALERTS = path.join(DEPLOY, "prometheus/alerts.yml");
const CONFIG = path.join(DEPLOY, "prometheus/prometheus.yml");
const DASHBOARD = path.join(DEPLOY, "grafana/sightline-dashboard.json");

/**
 * Panel queries allowed to return no data in a short test, and why. Any other empty panel fails.
 * - nodejs_gc_duration_seconds has no series until V8 has collected garbage at least once.
 * - db_client_connections is reported for instrumented `pg` pools only (docs/db.md): allowed to
 *   be empty only when PostgreSQL is not installed and the service runs on SQLite.
 */
const MAY_BE_EMPTY: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  { pattern: /\bnodejs_gc_duration_seconds/, reason: "no series before the first garbage collection" },
];
const POOL_PANEL = { pattern: /\bdb_client_connections\b/, reason: "pg pools only; the service runs on SQLite here" };

interface Target {
  expr?: string;
  refId?: string;
}
interface Panel {
  id?: number;
  type?: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  schemaVersion?: number;
  title?: string;
  panels?: Panel[];
  templating?: { list?: Array<{ name?: string; type?: string; query?: string }> };
}

async function loadDashboard(): Promise<Dashboard> {
  return JSON.parse(await readFile(DASHBOARD, "utf8")) as Dashboard;
}

/** Every panel that is not a row, rows' nested panels included. */
function queryPanels(dashboard: Dashboard): Panel[] {
  const found: Panel[] = [];
  const visit = (panels: Panel[] | undefined) => {
    for (const panel of panels ?? []) {
      if (panel.type === "row") visit(panel.panels);
      else found.push(panel);
    }
  };
  visit(dashboard.panels);
  return found;
}

/** Grafana's variables replaced by what Grafana would send for a short range. */
function substitute(expr: string): string {
  return expr
    .replaceAll("$__rate_interval", "30s")
    .replaceAll("${__rate_interval}", "30s")
    .replaceAll("$__interval", "15s")
    .replaceAll("${__interval}", "15s")
    .replaceAll("$__range", "5m")
    .replaceAll("${__range}", "5m");
}

/** The `expr` of every alerting rule in alerts.yml (a small reader for its block scalars). */
async function alertExpressions(): Promise<Array<{ alert: string; expr: string }>> {
  const lines = (await readFile(ALERTS, "utf8")).split("\n");
  const rules: Array<{ alert: string; expr: string }> = [];
  let alert: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    const name = /^\s*- alert:\s*(\S+)\s*$/.exec(line);
    if (name !== null) alert = name[1];
    const expr = /^(\s*)expr:\s*(.*)$/.exec(line);
    if (expr === null) continue;
    assert.ok(alert !== undefined, `expr before any alert at line ${i + 1}`);
    const indent = (expr[1] ?? "").length;
    let text = (expr[2] ?? "").trim();
    if (text === "|" || text === ">") {
      const block: string[] = [];
      while (i + 1 < lines.length) {
        const next = lines[i + 1] ?? "";
        if (next.trim() !== "" && next.search(/\S/) <= indent) break;
        block.push(next.trim());
        i++;
      }
      text = block.join("\n").trim();
    }
    rules.push({ alert, expr: text });
  }
  return rules;
}

/** The `job_name` of the kit's one scrape job: Prometheus here scrapes the service under that name. */
async function scrapeJobName(): Promise<string> {
  const names = [...(await readFile(CONFIG, "utf8")).matchAll(/^\s*-?\s*job_name:\s*["']?([^"'\s]+)/gm)];
  assert.equal(names.length, 1, "one scrape job in prometheus.yml");
  return names[0]?.[1] as string;
}

const ASSESSMENTS = [
  { id: "math-1", questions: ["q1", "q2", "q3"] },
  { id: "reading-1", questions: ["q1", "q2"] },
  { id: "science-1", questions: ["q1", "q2"] },
] as const;

/**
 * One learner's visit, on every route of the service: a sign-up, an assessment taken and
 * submitted (assessment_submissions_total success), a retake (the flow panels), an unanswered
 * submission (validation_error), an invalid question and an unknown path (4xx), the failure on
 * purpose (5xx), readiness (health_check_status) and the metrics. Returns the statuses.
 */
async function visit(base: string, user: string, n: number): Promise<number[]> {
  const assessment = ASSESSMENTS[n % ASSESSMENTS.length] as (typeof ASSESSMENTS)[number];
  const at = `/assessments/${assessment.id}`;
  const call = async (method: string, route: string, body?: unknown): Promise<number> => {
    const response = await fetch(`${base}${route}`, {
      method,
      headers: { "x-user-id": user, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    });
    await response.arrayBuffer();
    return response.status;
  };
  const statuses = [
    await call("GET", "/assessments"),
    await call("POST", "/users", { name: "Ada", email: `${user}@example.com`, password: "correct horse battery" }),
    await call("POST", `${at}/start`),
  ];
  for (const q of assessment.questions) statuses.push(await call("PUT", `${at}/answers/${q}`, { value: 3 }));
  statuses.push(
    await call("PUT", `${at}/answers/q99`, { value: 1 }),
    await call("GET", at),
    await call("POST", `${at}/submit`),
    await call("POST", `${at}/retake`),
    await call("POST", `${at}/start`),
    await call("POST", `${at}/submit`),
    await call("GET", "/demo/fail"),
    await call("GET", "/nowhere"),
    await call("GET", "/health/ready"),
    await call("GET", "/health"),
    await call("GET", "/metrics"),
  );
  return statuses;
}

const toolSkip = promtoolMissing();

test(
  "promtool check rules accepts deploy/prometheus/alerts.yml",
  { skip: toolSkip ?? false, timeout: 30_000 },
  async () => {
    const result = await runPromtool(["check", "rules", ALERTS]);
    assert.equal(result.code, 0, `${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /SUCCESS: \d+ rules found/);
  },
);

test(
  "promtool check config accepts deploy/prometheus/prometheus.yml",
  { skip: toolSkip ?? false, timeout: 30_000 },
  async () => {
    // promtool resolves rule_files (alerts.yml) relative to the config file and checks them too
    const result = await runPromtool(["check", "config", CONFIG]);
    assert.equal(result.code, 0, `${result.stdout}${result.stderr}`);
    assert.match(result.stdout, /SUCCESS/);
  },
);

test("every alert rule has for, a severity label and summary/description annotations", async () => {
  const text = await readFile(ALERTS, "utf8");
  const blocks = text.split(/^\s*- alert:/m).slice(1);
  assert.ok(blocks.length >= 6, `${blocks.length} alert rules`);
  for (const block of blocks) {
    const name = block.trim().split(/\s/)[0];
    assert.match(block, /^\s*for:\s*\S+/m, `${name}: for`);
    assert.match(block, /^\s*severity:\s*\S+/m, `${name}: severity`);
    assert.match(block, /^\s*summary:\s*\S+/m, `${name}: summary`);
    assert.match(block, /^\s*description:\s*\S+/m, `${name}: description`);
  }
  assert.equal((await alertExpressions()).length, blocks.length);
});

test("the Grafana dashboard parses and every panel has a Prometheus query", async () => {
  const dashboard = await loadDashboard();
  assert.equal(typeof dashboard.title, "string");
  assert.ok((dashboard.schemaVersion ?? 0) >= 36, `schemaVersion ${dashboard.schemaVersion}`);
  const variable = dashboard.templating?.list?.find((v) => v.name === "DS_PROMETHEUS");
  assert.deepEqual([variable?.type, variable?.query], ["datasource", "prometheus"]);
  const panels = queryPanels(dashboard);
  assert.ok(panels.length >= 10, `${panels.length} panels`);
  for (const panel of panels) {
    assert.equal(panel.datasource?.uid, "${DS_PROMETHEUS}", `${panel.title}: datasource`);
    const exprs = (panel.targets ?? []).map((target) => target.expr ?? "");
    assert.ok(exprs.length > 0 && exprs.every((expr) => expr.trim() !== ""), `${panel.title}: a query`);
  }
});

test("prometheus.yml has one scrape job, named for the service", async () => {
  assert.equal(await scrapeJobName(), "assessment-service");
});

const prometheusSkip = prometheusMissing();

describe("the deploy kit against a real Prometheus scraping the service", { skip: prometheusSkip ?? false }, () => {
  let service: ServiceProcess | undefined;
  let prometheus: RunningPrometheus | undefined;
  let postgres: RunningPostgres | undefined;
  let redis: RunningRedis | undefined;
  let traffic: Promise<void> | undefined;
  let trafficDone = false;
  const statuses = new Map<number, number>();
  const trafficErrors: string[] = [];
  let visited!: () => void;
  const firstVisit = new Promise<void>((resolve) => (visited = resolve));

  before(
    async () => {
      // the stack as deployed where the servers exist: PostgreSQL (the pool panel) and Redis
      if (postgresMissing() === undefined) postgres = await startPostgres();
      if (redisMissing() === undefined) redis = await startRedis();
      service = await startService({
        env: {
          // DEMO=1: GET /demo/fail answers 500 (the 5xx panels and alerts); no 429s; a quick stop
          DEMO: "1",
          RATE_LIMIT_PER_MINUTE: "1000000",
          SHUTDOWN_DRAIN_MS: "0",
          ...(postgres !== undefined ? { DATABASE_URL: postgres.connectionString } : {}),
          ...(redis !== undefined
            ? { REDIS_URL: `redis://:${encodeURIComponent(redis.password)}@${redis.host}:${redis.port}` }
            : {}),
        },
      });
      const base = service.url;
      const run = Date.now().toString(36);

      // bounded traffic: a visit every 250 ms for at most 40 s, stopped in after()
      traffic = (async () => {
        const until = Date.now() + 40_000;
        for (let n = 0; !trafficDone && Date.now() < until; n++) {
          try {
            for (const status of await visit(base, `u-deploy-${run}-${n}`, n)) {
              statuses.set(status, (statuses.get(status) ?? 0) + 1);
            }
          } catch (error) {
            trafficErrors.push(String((error as Error).cause ?? error));
            if (trafficErrors.length >= 3) break; // the service is gone: the tests say so
          }
          visited();
          await sleep(250);
        }
        visited();
      })();

      prometheus = await startPrometheus({
        scrapeTargets: [{ job: await scrapeJobName(), targets: [new URL(base).host] }],
        ruleFiles: [ALERTS],
        interval: "1s",
      });
      await prometheus.waitFor(`up{job="${await scrapeJobName()}"}`, (up) => up[0]?.value === 1, {
        timeoutMs: 15_000,
      });
    },
    { timeout: 40_000 },
  );

  after(async () => {
    trafficDone = true;
    await traffic;
    await prometheus?.stop();
    await service?.stop();
    await postgres?.remove();
    await redis?.remove();
  });

  test("the traffic reached every kind of answer", async () => {
    await firstVisit;
    assert.deepEqual(trafficErrors, [], service?.output(50));
    const seen = [...statuses.keys()].sort();
    for (const status of [200, 201, 404, 422, 500]) {
      assert.ok(seen.includes(status), `status ${status} in ${JSON.stringify(Object.fromEntries(statuses))}`);
    }
  });

  test("every dashboard panel query parses and returns data", { timeout: 40_000 }, async (t) => {
    assert.ok(prometheus !== undefined);
    const running = prometheus;
    const queries = queryPanels(await loadDashboard()).flatMap((panel) =>
      (panel.targets ?? []).map((target) => ({ title: panel.title ?? "", expr: substitute(target.expr ?? "") })),
    );
    const allowed = postgres === undefined ? [...MAY_BE_EMPTY, POOL_PANEL] : MAY_BE_EMPTY;
    const mayBeEmpty = (expr: string) => allowed.some(({ pattern }) => pattern.test(expr));
    t.diagnostic(`the service on ${postgres ? "PostgreSQL" : "SQLite"}, rate limit in ${redis ? "Redis" : "memory"}`);
    const deadline = Date.now() + 30_000;
    let empty: string[];
    let excused: string[];
    for (;;) {
      empty = [];
      excused = [];
      for (const { title, expr } of queries) {
        const samples = await running.query(expr); // throws unless the status is success
        if (samples.length === 0) (mayBeEmpty(expr) ? excused : empty).push(`${title}: ${expr}`);
      }
      if (empty.length === 0 || Date.now() >= deadline) break;
      await sleep(1_000);
    }
    assert.deepEqual(empty, [], `panel queries without data; Prometheus log:\n${running.logs()}`);
    for (const query of excused) t.diagnostic(`no data (allowed): ${query}`);
  });

  test("every alert expression parses and the rules load and evaluate without error", { timeout: 30_000 }, async () => {
    assert.ok(prometheus !== undefined);
    const running = prometheus;
    const rules = await alertExpressions();
    assert.ok(rules.length >= 6);
    for (const { alert, expr } of rules) {
      await assert.doesNotReject(running.query(expr), `${alert}: ${expr}`);
    }
    // The input of MetricSeriesOverflow (sightline_metric_series_overflow_total) is not checked
    // here: the service cannot produce it. Its labels are bounded by design (route templates,
    // the standard methods, the statuses it answers, three skill areas, fixed checks and flows),
    // far below the 2000 series a metric keeps before it overflows. The rule still loads and
    // evaluates below; the overflow counter itself is tested in
    // packages/sightline/src/metrics/counter.test.ts.
    interface RuleGroup {
      rules: Array<{ name: string; type: string; health: string; lastError?: string }>;
    }
    const deadline = Date.now() + 10_000;
    let seen: RuleGroup["rules"];
    for (;;) {
      const { groups } = await running.api<{ groups: RuleGroup[] }>("rules", { type: "alert" });
      seen = groups.flatMap((group) => group.rules);
      if (seen.length === rules.length && seen.every((rule) => rule.health === "ok")) break;
      if (Date.now() >= deadline) break;
      await sleep(500);
    }
    assert.deepEqual(
      seen.map((rule) => [rule.name, rule.health, rule.lastError ?? ""]).sort(),
      rules.map(({ alert }) => [alert, "ok", ""]).sort(),
    );
  });
});
