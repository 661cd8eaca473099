// The deploy kit (deploy/prometheus, deploy/grafana) checked against the real tools and a real
// Prometheus: promtool validates the rules and the scrape config; the dashboard parses and every
// panel queries Prometheus; then an instrumented app (HTTP, a flow, node:sqlite, runtime metrics,
// a health check, a business counter) is scraped every second by Prometheus with the kit's
// alerts.yml loaded, and every panel query and every alert expression is evaluated by it.
// Everything listens on 127.0.0.1; traffic and time are bounded. Tests skip, saying why, where
// promtool or prometheus is missing.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { DatabaseSync } from "node:sqlite";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { flow } from "sightline";
import { instrumentSqlite } from "sightline/db";
import { createHealth, sqliteCheck } from "sightline/health";
import { collectRuntimeMetrics, Counter } from "sightline/metrics";
import { sightline } from "sightline/node";
import { captureLogs, resetForTests } from "sightline/testing";
import {
  prometheusMissing,
  promtoolMissing,
  runPromtool,
  startPrometheus,
  type RunningPrometheus,
} from "./helpers/prometheus-server.ts";

const DEPLOY = path.resolve(import.meta.dirname, "../../../deploy");
const ALERTS = path.join(DEPLOY, "prometheus/alerts.yml");
const CONFIG = path.join(DEPLOY, "prometheus/prometheus.yml");
const DASHBOARD = path.join(DEPLOY, "grafana/sightline-dashboard.json");

/**
 * Panel queries allowed to return no data in a short test, and why. Any other empty panel fails.
 * - db_client_connections is reported for instrumented `pg` pools only (docs/db.md); the test
 *   app uses node:sqlite, which has no pool.
 * - nodejs_gc_duration_seconds has no series until V8 has collected garbage at least once.
 */
const MAY_BE_EMPTY: ReadonlyArray<{ pattern: RegExp; reason: string }> = [
  { pattern: /\bdb_client_connections\b/, reason: "pg pools only; the test uses node:sqlite" },
  { pattern: /\bnodejs_gc_duration_seconds/, reason: "no series before the first garbage collection" },
];

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

const prometheusSkip = prometheusMissing();

describe(
  "the deploy kit against a real Prometheus scraping an instrumented app",
  { skip: prometheusSkip ?? false },
  () => {
    let server: Server | undefined;
    let prometheus: RunningPrometheus | undefined;
    let stopRuntime: (() => void) | undefined;
    let db: DatabaseSync | undefined;
    let traffic: Promise<void> | undefined;
    let trafficDone = false;
    const logs = captureLogs(); // the app's access and flow lines stay out of the test output

    before(
      async () => {
        stopRuntime = collectRuntimeMetrics();
        db = instrumentSqlite(new DatabaseSync(":memory:"));
        db.exec("CREATE TABLE submissions (id INTEGER PRIMARY KEY, skill_area TEXT, score REAL)");
        const database = db;
        const submissions = new Counter({
          name: "assessment_submissions_total",
          help: "Assessment submissions by skill area and outcome",
          labelNames: ["skill_area", "status"],
        });
        // one label value too many: the overflow counter the MetricSeriesOverflow alert watches
        const tenants = new Counter({
          name: "deploy_test_tenants_total",
          help: "x",
          labelNames: ["tenant"],
          maxSeries: 1,
        });
        tenants.inc({ tenant: "a" });
        tenants.inc({ tenant: "b" });
        const health = createHealth({ checks: { database: sqliteCheck(database) } });
        health.markStarted();

        const instrument = sightline({
          health,
          route: (req) => {
            const url = req.url ?? "";
            if (url.startsWith("/assessments/")) return "/assessments/:id";
            if (url.startsWith("/submit")) return "/submit";
            if (url.startsWith("/boom")) return "/boom";
            return undefined;
          },
        });
        server = createServer(
          instrument(async (req, res) => {
            const url = new URL(req.url ?? "/", "http://localhost");
            if (url.pathname === "/boom") throw new Error("boom");
            if (url.pathname === "/submit") {
              const skillArea = url.searchParams.get("skill_area") ?? "math";
              const fail = url.searchParams.get("fail") === "1";
              try {
                await flow("submit_assessment", { skill_area: skillArea }, async (f) => {
                  await f.step("store", () =>
                    database.prepare("INSERT INTO submissions (skill_area, score) VALUES (?, ?)").run(skillArea, 0.5),
                  );
                  await f.step("grade", () => {
                    if (fail) throw new Error("grading failed");
                    return database
                      .prepare("SELECT count(*) AS n FROM submissions WHERE skill_area = ?")
                      .get(skillArea);
                  });
                });
                submissions.inc({ skill_area: skillArea, status: "success" });
                res.end("ok");
              } catch {
                submissions.inc({ skill_area: skillArea, status: "failed" });
                res.writeHead(500).end("failed");
              }
              return;
            }
            res.end(JSON.stringify({ path: url.pathname }));
          }),
        );
        await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
        const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

        // bounded traffic: at most 40 s, stopped in after()
        traffic = (async () => {
          const until = Date.now() + 40_000;
          for (let i = 0; !trafficDone && Date.now() < until; i++) {
            const paths = [
              `/assessments/${i}`,
              `/submit?skill_area=${i % 2 === 0 ? "math" : "reading"}${i % 5 === 0 ? "&fail=1" : ""}`,
              "/boom",
              "/health/ready",
            ];
            await Promise.all(
              paths.map(async (p) => {
                try {
                  await (await fetch(`${base}${p}`, { signal: AbortSignal.timeout(5_000) })).arrayBuffer();
                } catch {
                  // the server may be closing
                }
              }),
            );
            // some garbage for V8 to collect
            void Array.from({ length: 20_000 }, (_, n) => ({ n }));
            await sleep(100);
          }
        })();

        prometheus = await startPrometheus({
          scrapeTargets: [{ job: "assessment-service", targets: [new URL(base).host] }],
          ruleFiles: [ALERTS],
          interval: "1s",
        });
        await prometheus.waitFor('up{job="assessment-service"}', (up) => up[0]?.value === 1, { timeoutMs: 15_000 });
      },
      { timeout: 40_000 },
    );

    after(async () => {
      trafficDone = true;
      await traffic;
      await prometheus?.stop();
      await new Promise((resolve) => (server === undefined ? resolve(undefined) : server.close(resolve)));
      server?.closeAllConnections();
      stopRuntime?.();
      db?.close();
      await logs.flush();
      resetForTests();
    });

    test("every dashboard panel query parses and returns data", { timeout: 40_000 }, async (t) => {
      assert.ok(prometheus !== undefined);
      const running = prometheus;
      const queries = queryPanels(await loadDashboard()).flatMap((panel) =>
        (panel.targets ?? []).map((target) => ({ title: panel.title ?? "", expr: substitute(target.expr ?? "") })),
      );
      const mayBeEmpty = (expr: string) => MAY_BE_EMPTY.some(({ pattern }) => pattern.test(expr));
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

    test(
      "every alert expression parses and the rules load and evaluate without error",
      { timeout: 30_000 },
      async () => {
        assert.ok(prometheus !== undefined);
        const running = prometheus;
        const rules = await alertExpressions();
        assert.ok(rules.length >= 6);
        for (const { alert, expr } of rules) {
          await assert.doesNotReject(running.query(expr), `${alert}: ${expr}`);
        }
        // the overflow alert's input exists: the app overflowed one metric on purpose
        await running.waitFor(
          'sightline_metric_series_overflow_total{metric="deploy_test_tenants_total"}',
          (samples) => samples.length === 1,
          { timeoutMs: 10_000 },
        );
        // the rule groups are loaded from the kit's file and evaluated without error
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
      },
    );
  },
);
