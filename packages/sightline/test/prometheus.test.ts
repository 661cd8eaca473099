// The exposition checked by the real Prometheus tools (Debian's `prometheus` package; .ci/run
// installs it, and these tests skip, saying why, where it is missing):
// - promtool check metrics parses and lints the Prometheus text 0.0.4 output. Its parser knows
//   only 0.0.4 (OpenMetrics with exemplars is a parse error in promtool 2.42), so
// - a real Prometheus server scrapes metricsHandler over OpenMetrics, with a bearer token, and
//   rate(), histogram_quantile(), the exemplar storage and escaped label values are checked
//   through its HTTP API. Everything listens on 127.0.0.1; traffic and time are bounded.

import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import {
  Counter,
  Gauge,
  Histogram,
  OPENMETRICS_CONTENT_TYPE,
  PROMETHEUS_CONTENT_TYPE,
  Registry,
  metricsHandler,
} from "sightline/metrics";
import { captureLogs, resetForTests } from "sightline/testing";
import {
  prometheusMissing,
  prometheusSupportsFeature,
  promtoolMissing,
  runPromtool,
  startPrometheus,
  type PromSample,
  type RunningPrometheus,
} from "./helpers/prometheus-server.ts";

/** Label values that need escaping (\, ", newline), non-ASCII, and the empty value. */
const QUEUES = ['we"ird', "back\\slash", "two\nlines", "trailing\\", "ü ✓ 日本", ""];
const TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";

/**
 * A registry with every kind of metric, named the way promtool's linter wants: counters with and
 * without labels, unit and `_total` in the name (the exposition adds it), gauges with labels, a
 * unit, a collect callback, NaN and +Inf, histograms with unit, custom and default buckets,
 * exemplars, and an overflow series (which adds Sightline's overflow counter).
 */
async function fixtureRegistry(): Promise<Registry> {
  const logs = captureLogs(); // the overflow warning goes here, not to the test output
  const registry = new Registry();
  const registers = [registry];
  const jobs = new Counter({
    name: "app_jobs_processed_total",
    help: 'Jobs processed, by queue and "status"; a \\ and a\nnewline in the help',
    labelNames: ["queue", "status"],
    maxSeries: QUEUES.length,
    registers,
  });
  const restarts = new Counter({ name: "app_restarts", help: "Restarts of the worker", registers });
  const bytes = new Counter({ name: "app_processed_bytes_total", help: "Bytes read", unit: "bytes", registers });
  new Gauge({
    name: "app_queue_depth",
    help: "Jobs waiting",
    labelNames: ["queue"],
    registers,
    collect() {
      this.set({ queue: "a" }, 3);
      this.set({ queue: "b" }, -1.5);
    },
  });
  const temperature = new Gauge({ name: "app_temperature_celsius", help: "Sensor", unit: "celsius", registers });
  const capacity = new Gauge({ name: "app_queue_capacity", help: "Queue capacity", registers });
  const duration = new Histogram({
    name: "app_job_duration_seconds",
    help: "Time to process a job",
    unit: "seconds",
    labelNames: ["queue"],
    buckets: [1e-7, 0.1, 1, 2.5],
    registers,
  });
  new Histogram({ name: "app_request_duration_seconds", help: "Not observed yet", registers });

  for (const queue of QUEUES) jobs.inc({ queue, status: "ok" }, 2, { trace_id: TRACE_ID });
  jobs.inc({ queue: "one too many", status: "ok" }, 2); // over maxSeries: the overflow series
  restarts.inc(1, { trace_id: TRACE_ID, span_id: "00f067aa0ba902b7" });
  bytes.inc(1024);
  temperature.set(NaN);
  capacity.set(Infinity);
  duration.observe({ queue: "a" }, 0.05);
  duration.observe({ queue: "a" }, 0.5, { trace_id: TRACE_ID });
  duration.observe({ queue: "a" }, 30, { trace_id: TRACE_ID }); // the +Inf bucket's exemplar
  await logs.flush();
  assert.deepEqual(
    logs.records.map((record) => record.event),
    ["metric_series_overflow"],
  );
  resetForTests();
  return registry;
}

test(
  "promtool check metrics parses and lints the Prometheus text 0.0.4 exposition without a finding",
  { skip: promtoolMissing() ?? false, timeout: 30_000 },
  async () => {
    const { contentType, body } = await (await fixtureRegistry()).expose("text/plain;version=0.0.4");
    assert.equal(contentType, PROMETHEUS_CONTENT_TYPE);
    assert.ok(!body.includes(" # {"), "0.0.4 carries no exemplars");
    assert.ok(body.includes('app_jobs_processed_total{queue="two\\nlines",status="ok"} 2\n'), body);
    assert.ok(body.includes('app_jobs_processed_total{overflow="true"} 2\n'), body);

    const result = await runPromtool(["check", "metrics"], body);
    assert.deepEqual(result, { code: 0, stdout: "", stderr: "" }, `promtool on:\n${body}`);
  },
);

test("metricsHandler with a token answers 401 without it or with a wrong one, 200 with it", async () => {
  const registry = new Registry();
  new Counter({ name: "app_restarts_total", help: "Restarts", registers: [registry] });
  const token = randomBytes(16).toString("hex");
  const server = createServer(metricsHandler({ registry, token }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  try {
    const rejected = [
      undefined,
      `Bearer wrong-${token}`,
      token,
      `Basic ${Buffer.from(`u:${token}`).toString("base64")}`,
    ];
    for (const authorization of rejected) {
      const response = await fetch(url, { headers: authorization === undefined ? {} : { authorization } });
      assert.equal(response.status, 401, `authorization: ${String(authorization)}`);
      assert.equal(response.headers.get("www-authenticate"), 'Bearer realm="metrics"');
      assert.equal(await response.text(), "");
    }
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /^app_restarts_total 0$/m);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
});

interface Scrape {
  path: string;
  authorized: boolean;
  accept: string | undefined;
  status: number;
  contentType: string | undefined;
}

const prometheusSkip = prometheusMissing();
const exemplarStorage = prometheusSkip === undefined && prometheusSupportsFeature("exemplar-storage");

describe("a real Prometheus server scraping metricsHandler", { skip: prometheusSkip ?? false }, () => {
  const token = randomBytes(16).toString("hex");
  const scrapes: Scrape[] = [];
  const traceIds = new Set<string>();
  let server: Server | undefined;
  let traffic: NodeJS.Timeout | undefined;
  let prometheus: RunningPrometheus | undefined;
  const running = (): RunningPrometheus => {
    assert.ok(prometheus !== undefined, "before() did not start Prometheus");
    return prometheus;
  };

  before(
    async () => {
      // the application: a counter and a histogram updated every 50 ms, with exemplars
      const registry = new Registry();
      const requests = new Counter({
        name: "sightline_test_requests_total",
        help: "Requests served",
        labelNames: ["route"],
        registers: [registry],
      });
      const duration = new Histogram({
        name: "sightline_test_request_duration_seconds",
        help: "Request duration",
        unit: "seconds",
        buckets: [0.01, 0.05, 0.1, 0.25, 0.5],
        registers: [registry],
      });
      let ticks = 0;
      traffic = setInterval(() => {
        if (++ticks > 1200) {
          clearInterval(traffic); // at most 60 s of updates
          return;
        }
        const traceId = randomBytes(16).toString("hex");
        traceIds.add(traceId);
        requests.inc({ route: "/items" }, 1, { trace_id: traceId });
        duration.observe(Math.random() * 0.3, { trace_id: traceId });
      }, 50);
      traffic.unref();

      const serveLive = metricsHandler({ registry, token });
      const serveFixture = metricsHandler({ registry: await fixtureRegistry(), token });
      server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const path = req.url ?? "";
        const accept = req.headers.accept;
        // the handler passes its headers to writeHead, where getHeader() cannot see them
        let contentType: string | undefined;
        const writeHead = res.writeHead.bind(res) as (
          status: number,
          headers?: Record<string, string>,
        ) => ServerResponse;
        res.writeHead = ((status: number, headers?: Record<string, string>) => {
          contentType = headers?.["content-type"];
          return writeHead(status, headers);
        }) as typeof res.writeHead;
        res.once("finish", () => {
          const authorized = req.headers.authorization === `Bearer ${token}`;
          scrapes.push({ path, authorized, accept, status: res.statusCode, contentType });
        });
        if (path === "/metrics") return void serveLive(req, res);
        if (path === "/fixture") return void serveFixture(req, res);
        if (path === "/fixture-text") {
          delete req.headers.accept; // as a scraper that knows only 0.0.4
          return void serveFixture(req, res);
        }
        res.writeHead(404).end();
      });
      await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
      const address = `127.0.0.1:${(server.address() as AddressInfo).port}`;

      prometheus = await startPrometheus({
        scrapeTargets: [
          address,
          { job: "sightline_wrong_token", targets: [address], token: `wrong-${token}` },
          { job: "fixture_openmetrics", targets: [address], metricsPath: "/fixture" },
          { job: "fixture_text", targets: [address], metricsPath: "/fixture-text" },
        ],
        token,
        extraArgs: exemplarStorage ? ["--enable-feature=exemplar-storage"] : [],
      });
    },
    { timeout: 30_000 },
  );

  after(
    async () => {
      clearInterval(traffic);
      await prometheus?.stop();
      if (server?.listening) await new Promise((resolve) => server?.close(resolve));
    },
    { timeout: 30_000 },
  );

  test(
    "scrapes with the bearer token, over OpenMetrics; a wrong token fails with 401",
    { timeout: 35_000 },
    async () => {
      const expected = { sightline: 1, sightline_wrong_token: 0, fixture_openmetrics: 1, fixture_text: 1 };
      const byJob = (up: PromSample[]) => Object.fromEntries(up.map((sample) => [sample.metric.job, sample.value]));
      const up = await running().waitFor("up", (samples) => {
        const jobs = byJob(samples);
        return Object.keys(expected).every((job) => jobs[job] !== undefined);
      });
      assert.deepEqual(byJob(up), expected);

      const wrong = (await running().targets()).find((target) => target.labels.job === "sightline_wrong_token");
      assert.match(wrong?.lastError ?? "", /401/);

      const live = scrapes.filter((scrape) => scrape.path === "/metrics");
      assert.ok(live.some((scrape) => scrape.authorized));
      for (const scrape of live) {
        assert.match(scrape.accept ?? "", /^application\/openmetrics-text;\s*version=1\.0\.0/, scrape.accept);
        if (scrape.authorized) {
          assert.equal(scrape.status, 200);
          assert.equal(scrape.contentType, OPENMETRICS_CONTENT_TYPE);
        } else assert.equal(scrape.status, 401);
      }
      const openMetrics = scrapes.filter((scrape) => scrape.path === "/fixture");
      assert.ok(
        openMetrics.length > 0 && openMetrics.every((scrape) => scrape.contentType === OPENMETRICS_CONTENT_TYPE),
      );
      const text = scrapes.filter((scrape) => scrape.path === "/fixture-text");
      assert.ok(text.length > 0 && text.every((scrape) => scrape.contentType === PROMETHEUS_CONTENT_TYPE));
    },
  );

  test("rate() of the counter and histogram_quantile() of the histogram are numbers", { timeout: 35_000 }, async () => {
    const [rate] = await running().waitFor(
      'rate(sightline_test_requests_total{job="sightline"}[5s])',
      (samples) => samples.length === 1 && (samples[0]?.value ?? 0) > 0,
    );
    // 20 increments a second, less on a busy machine (timer delays)
    assert.ok(rate !== undefined && rate.value > 1 && rate.value < 100, `rate ${rate?.value}`);
    assert.equal(rate.metric.route, "/items");

    const [p90] = await running().waitFor(
      'histogram_quantile(0.9, sum by (le) (rate(sightline_test_request_duration_seconds_bucket{job="sightline"}[5s])))',
      (samples) => samples.length === 1 && Number.isFinite(samples[0]?.value),
    );
    // observations are uniform in [0, 0.3): the 90th percentile lies in the (0.25, 0.5] bucket or just below
    assert.ok(p90 !== undefined && p90.value > 0.1 && p90.value <= 0.5, `p90 ${p90?.value}`);
  });

  test(
    "exemplars sent over OpenMetrics reach the exemplar storage",
    { skip: exemplarStorage ? false : "this prometheus has no exemplar-storage feature", timeout: 35_000 },
    async () => {
      const arrived = async (expr: string) => {
        const deadline = Date.now() + 30_000;
        for (;;) {
          const found = (await running().exemplars(expr)).flatMap((series) => series.exemplars);
          if (found.length > 0 || Date.now() > deadline) return found;
          await sleep(250);
        }
      };
      for (const name of ["sightline_test_requests_total", "sightline_test_request_duration_seconds_bucket"]) {
        const exemplars = await arrived(`${name}{job="sightline"}`);
        assert.ok(exemplars.length > 0, `no exemplar for ${name}; log:\n${running().logs()}`);
        for (const exemplar of exemplars) {
          assert.ok(traceIds.has(exemplar.labels.trace_id ?? ""), JSON.stringify(exemplar));
          assert.ok(Number.isFinite(Number(exemplar.value)));
          assert.ok(Math.abs(exemplar.timestamp - Date.now() / 1000) < 120, JSON.stringify(exemplar));
        }
      }
      const fixture = await arrived('app_job_duration_seconds_bucket{job="fixture_openmetrics"}');
      assert.deepEqual(
        fixture
          .map((exemplar) => [exemplar.labels, Number(exemplar.value)])
          .sort((a, b) => Number(a[1]) - Number(b[1])),
        [
          [{ trace_id: TRACE_ID }, 0.5],
          [{ trace_id: TRACE_ID }, 30],
        ],
      );
    },
  );

  test("label values needing escaping, NaN and +Inf arrive intact in both formats", { timeout: 35_000 }, async () => {
    for (const job of ["fixture_openmetrics", "fixture_text"]) {
      const samples = await running().waitFor(`app_jobs_processed_total{job="${job}"}`, (s) => s.length > 0);
      const queues = samples.map((sample) => (sample.metric.overflow === "true" ? "(overflow)" : sample.metric.queue));
      // Prometheus drops an empty label value: that series has no queue label
      assert.deepEqual(queues.map((queue) => queue ?? "").sort(), [...QUEUES, "(overflow)"].sort(), job);
      assert.ok(
        samples.every((sample) => sample.value === 2),
        job,
      );

      const [temperature] = await running().query(`app_temperature_celsius{job="${job}"}`);
      assert.ok(temperature !== undefined && Number.isNaN(temperature.value), job);
      const [capacity] = await running().query(`app_queue_capacity{job="${job}"}`);
      assert.equal(capacity?.value, Infinity, job);
      const [restarts] = await running().query(`app_restarts_total{job="${job}"}`);
      assert.equal(restarts?.value, 1, job);
      const buckets = await running().query(`app_job_duration_seconds_bucket{job="${job}",queue="a"}`);
      assert.deepEqual(
        buckets.map((bucket) => bucket.value).sort((a, b) => a - b),
        [0, 1, 2, 2, 3],
        job,
      );
    }
  });
});
