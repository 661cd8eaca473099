import assert from "node:assert/strict";
import { afterEach, test } from "node:test";
import fc from "fast-check";
import { configure, DEFAULT_SENSITIVE_KEYS, getLogger, redact, withContext } from "../index.ts";
import { captureLogs, resetForTests, type LogRecord } from "../testing/index.ts";

afterEach(() => resetForTests());

const SECRET = "s3cr3t-value";

async function logged(fields: Record<string, unknown>, options = {}): Promise<{ record: LogRecord; text: string }> {
  const logs = captureLogs(options);
  getLogger("redact").info("redaction_check", fields);
  await logs.flush();
  return { record: logs.records[0] as LogRecord, text: logs.text() };
}

test("every default key is redacted in spellings that ignore case, _, - and camelCase", async () => {
  for (const key of DEFAULT_SENSITIVE_KEYS) {
    const words = key.split("_");
    const camel = words.map((w, i) => (i === 0 ? w : w[0]?.toUpperCase() + w.slice(1))).join("");
    const spellings = [key, key.toUpperCase(), words.join("-"), camel, `db_${key}`, `X-${words.join("-")}`];
    for (const spelling of spellings) {
      const { record, text } = await logged({ [spelling]: SECRET });
      assert.equal(record[spelling], "[REDACTED]", `${spelling} (from ${key})`);
      assert.ok(!text.includes(SECRET), spelling);
    }
  }
});

test("keys are redacted at any depth: objects, arrays, Maps, Sets, errors and their causes", async () => {
  const cause = Object.assign(new Error("inner"), { apiKey: SECRET });
  const error = Object.assign(new Error("outer", { cause }), { token: SECRET });
  const { record, text } = await logged({
    body: { user: { profile: { password: SECRET } } },
    list: [{ secret: SECRET }, [{ authorization: SECRET }]],
    map: new Map([["client_secret", SECRET]]),
    set: new Set([{ privateKey: SECRET }]),
    error,
  });
  assert.ok(!text.includes(SECRET), text);
  assert.equal((record.body as any).user.profile.password, "[REDACTED]");
  assert.equal((record.list as any)[1][0].authorization, "[REDACTED]");
  assert.equal((record.map as any).client_secret, "[REDACTED]");
  assert.equal((record.error as any).error_details.token, "[REDACTED]");
  assert.equal((record.error as any).cause.error_details.apiKey, "[REDACTED]");
});

test("bound, context and static fields are redacted too", async () => {
  const logs = captureLogs({ fields: { api_key: SECRET } });
  await withContext({ session: SECRET }, async () => {
    getLogger().bind({ jwt: SECRET }).info("scoped");
  });
  await logs.flush();
  assert.ok(!logs.text().includes(SECRET), logs.text());
  const [record] = logs.records;
  assert.equal(record?.api_key, "[REDACTED]");
  assert.equal(record?.session, "[REDACTED]");
  assert.equal(record?.jwt, "[REDACTED]");
});

const JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSJ9.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c";
const PEM = `-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA${SECRET}\n-----END RSA PRIVATE KEY-----`;

test("value detectors find secrets inside strings, at any depth", async () => {
  const cases: Array<[string, string, string]> = [
    ["bearer", `Authorization: Bearer ${SECRET}`, "Authorization: Bearer [REDACTED]"],
    ["jwt", `token was ${JWT} ok`, "token was [REDACTED] ok"],
    ["url", `postgres://app:${SECRET}@db:5432/x`, "postgres://app:[REDACTED]@db:5432/x"],
    ["query", `GET /cb?code=1&access_token=${SECRET}&state=x#f`, "GET /cb?code=1&access_token=[REDACTED]&state=x#f"],
    ["pem", `key: ${PEM} end`, "key: [REDACTED] end"],
    [
      "key=value in text",
      `login failed user=ada password=${SECRET}, retrying`,
      "login failed user=ada password=[REDACTED], retrying",
    ],
  ];
  for (const [name, input, expected] of cases) {
    const { record, text } = await logged({ message: input, deep: [{ inner: new Map([["note", input]]) }] });
    assert.equal(record.message, expected, name);
    assert.equal((record.deep as any)[0].inner.note, expected, name);
    assert.ok(!text.includes(SECRET) && !text.includes(JWT), name);
  }
});

test("detectors leave ordinary text alone", async () => {
  const text = "What is the bearer of bad news? see https://example.com/docs?page=2 — eyJ is not a JWT";
  const { record } = await logged({ text });
  assert.equal(record.text, text);
});

test("each detector can be switched off; extra keys, an allow-list and the replacement are configurable", async () => {
  const { record } = await logged(
    { auth: `Bearer ${SECRET}`, url: `https://u:${SECRET}@h`, ssn: "123", token_count: 12, password: "p" },
    { redact: { keys: ["ssn"], allow: ["token_count"], replacement: "***", detectors: { bearer: false } } },
  );
  assert.equal(record.auth, `Bearer ${SECRET}`);
  assert.equal(record.url, "https://u:***@h");
  assert.equal(record.ssn, "***");
  assert.equal(record.token_count, 12);
  assert.equal(record.password, "***");
  const off = await logged({ password: "p" }, { redact: false });
  assert.equal(off.record.password, "p");
});

test("redact() returns a redacted copy and leaves the input untouched", () => {
  const input = { user: "ada", password: SECRET, nested: [{ token: SECRET, url: `https://a:${SECRET}@h` }] };
  const copy = redact(input);
  assert.deepEqual(copy, {
    user: "ada",
    password: "[REDACTED]",
    nested: [{ token: "[REDACTED]", url: "https://a:[REDACTED]@h" }],
  });
  assert.equal(input.password, SECRET);
  configure({ redact: { keys: ["user"], replacement: "<hidden>" }, destination: "stderr" });
  assert.equal(redact({ user: "ada" }).user, "<hidden>");
});

test("a hostile 10 MB string is truncated before it is inspected and logged in one line", async () => {
  const hostile = "Bearer ".repeat(1_500_000) + "a?b=".repeat(100_000);
  const { record } = await logged({ hostile });
  assert.ok((record.hostile as string).length < 20_000);
  assert.match(record.hostile as string, /…\[truncated \d+ chars\]$/);
  // redact() has no length limit; its scanners are linear, so this completes
  const scanned = redact({ text: "://".repeat(3_000_000) + "eyJ.".repeat(500_000) });
  assert.equal(scanned.text.length, 11_000_000);
});

test("redaction is idempotent: redacting redacted text changes nothing (property)", () => {
  const pieces = fc.constantFrom(
    "token=",
    "password=",
    "Bearer ",
    "https://u:",
    "@host/",
    "?",
    "&api_key=",
    "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
    "-----BEGIN PRIVATE KEY-----",
    "-----END PRIVATE KEY-----",
    "[REDACTED]",
    " ",
    "abc123xyz",
  );
  fc.assert(
    fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
      const once = redact(parts.join(""));
      assert.equal(redact(once), once);
    }),
    { numRuns: 500 },
  );
});
