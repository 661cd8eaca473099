import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, test } from "node:test";
import { bindContext, clearContext, getContext, getLogger, unbindContext, withContext } from "../index.ts";
import { captureLogs, resetForTests } from "../testing/index.ts";

afterEach(() => resetForTests());

test("many interleaved concurrent scopes never see each other's fields", async () => {
  const logs = captureLogs();
  const log = getLogger("requests");
  const scopes = 200;
  await Promise.all(
    Array.from({ length: scopes }, (_, n) =>
      withContext({ request_id: `r${n}` }, async () => {
        for (let step = 0; step < 5; step++) {
          // random-ish interleaving: different delays, microtasks and timers
          await sleep((n * 7 + step * 3) % 5);
          if (step === 2) bindContext({ user_id: `u${n}`, step_bound: step });
          await Promise.resolve();
          log.info("step", { n, step });
          assert.equal(getContext().request_id, `r${n}`);
        }
      }),
    ),
  );
  await logs.flush();
  assert.equal(logs.records.length, scopes * 5);
  for (const record of logs.records) {
    assert.equal(record.request_id, `r${record.n}`);
    if ((record.step as number) >= 2) assert.equal(record.user_id, `u${record.n}`);
    else assert.equal("user_id" in record, false);
  }
});

test("nested scopes inherit and may override; the parent scope is unchanged after", async () => {
  await withContext({ a: 1, b: 1 }, async () => {
    await withContext({ b: 2, c: 2 }, async () => {
      assert.deepEqual(getContext(), { a: 1, b: 2, c: 2 });
    });
    assert.deepEqual(getContext(), { a: 1, b: 1 });
  });
  assert.deepEqual(getContext(), {});
});

test("unbindContext and clearContext remove fields from here on, only in this call tree", async () => {
  const sibling = withContext({ shared: "yes" }, async () => {
    await sleep(5);
    return getContext();
  });
  await withContext({ request_id: "r1", path: "/x", method: "GET", shared: "yes" }, async () => {
    unbindContext("path", "method");
    assert.deepEqual(getContext(), { request_id: "r1", shared: "yes" });
    clearContext();
    assert.deepEqual(getContext(), {});
  });
  assert.deepEqual(await sibling, { shared: "yes" });
});

test("withContext returns what the function returns, sync or async", async () => {
  assert.equal(
    withContext({ a: 1 }, () => 42),
    42,
  );
  assert.equal(await withContext({ a: 1 }, async () => "done"), "done");
});
