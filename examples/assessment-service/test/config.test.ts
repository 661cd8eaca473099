import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { ConfigError, readConfig } from "../src/config.ts";

test("defaults: port 3000 on 127.0.0.1, SQLite under .data, memory rate limit, demo in development", () => {
  const config = readConfig({});
  assert.equal(config.port, 3000);
  assert.equal(config.host, "127.0.0.1");
  assert.equal(config.dataDir, path.resolve(".data"));
  assert.equal(config.databaseUrl, undefined);
  assert.equal(config.redisUrl, undefined);
  assert.equal(config.drainDelayMs, 0);
  assert.equal(config.rateLimitPerMinute, 60);
  assert.equal(config.demo, true);
});

test("production drains for 5 s by default and has no demo route unless DEMO=1", () => {
  assert.deepEqual(
    [readConfig({ NODE_ENV: "production" }).drainDelayMs, readConfig({ NODE_ENV: "production" }).demo],
    [5000, false],
  );
  assert.equal(readConfig({ NODE_ENV: "production", DEMO: "1" }).demo, true);
});

test("each bad value is an error naming its variable", () => {
  assert.throws(
    () => readConfig({ PORT: "80a" }),
    /^ConfigError: PORT: expected an integer from 0 to 65535, got "80a"$/,
  );
  assert.throws(() => readConfig({ PORT: "70000" }), /PORT: expected an integer/);
  assert.throws(() => readConfig({ SHUTDOWN_DRAIN_MS: "-1" }), /SHUTDOWN_DRAIN_MS: expected an integer/);
  assert.throws(() => readConfig({ RATE_LIMIT_PER_MINUTE: "0" }), /RATE_LIMIT_PER_MINUTE: expected an integer/);
  assert.throws(() => readConfig({ DATABASE_URL: "localhost/db" }), /DATABASE_URL: not a URL/);
  assert.throws(
    () => readConfig({ DATABASE_URL: "mysql://h/db" }),
    /DATABASE_URL: expected a postgres: or postgresql: URL, got mysql:/,
  );
  assert.throws(() => readConfig({ REDIS_URL: "http://h:6379" }), /REDIS_URL: expected a redis: or rediss: URL/);
});

test("the error names the variable in a field too", () => {
  assert.throws(
    () => readConfig({ REDIS_URL: "memcached://h" }),
    (error: unknown) => error instanceof ConfigError && error.variable === "REDIS_URL",
  );
});

test("a URL's password never appears in the error", () => {
  assert.throws(
    () => readConfig({ DATABASE_URL: "mysql://app:s3cret-pw@h/db" }),
    (error: Error) => !error.message.includes("s3cret-pw"),
  );
});
