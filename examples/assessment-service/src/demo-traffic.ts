// A bounded burst of realistic traffic against a running service (`npm start` first), then exits.
// About 130 requests: learners taking assessments, invalid questions, a retake, a rate limit, a failure.

import { join, relative } from "node:path";
import { readConfig } from "./config.ts";

const config = readConfig(); // the same PORT and DATA_DIR as the service
const base = `http://127.0.0.1:${config.port}`;
let sent = 0;
const statuses = new Map<number, number>();

async function call(method: string, path: string, userId?: string, body?: unknown): Promise<number> {
  sent++;
  const headers: Record<string, string> = {};
  if (userId !== undefined) headers["x-user-id"] = userId;
  if (body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${base}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  await response.arrayBuffer();
  statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
  return response.status;
}

async function learner(userId: string, assessmentId: string, questions: string[]): Promise<void> {
  await call("GET", "/assessments", userId);
  await call("POST", `/assessments/${assessmentId}/start`, userId);
  for (const q of questions) await call("PUT", `/assessments/${assessmentId}/answers/${q}`, userId, { value: 3 });
  await call("PUT", `/assessments/${assessmentId}/answers/q99`, userId, { value: 1 }); // invalid question
  await call("GET", `/assessments/${assessmentId}`, userId);
  await call("POST", `/assessments/${assessmentId}/submit`, userId);
}

const run = `${Date.now().toString(36)}`;
try {
  await call("GET", "/health/ready");
} catch (error) {
  const reason = error instanceof Error ? (error.cause ?? error).toString() : String(error);
  process.stderr.write(`No service at ${base} (${reason}): start it with \`npm start\` first.\n`);
  process.exit(1);
}

await call("POST", "/users", undefined, {
  name: "Ada",
  email: `ada-${run}@example.com`,
  password: "correct horse battery",
});
for (let i = 0; i < 8; i++) {
  const user = `u-${run}-${i}`;
  if (i % 2 === 0) await learner(user, "math-1", ["q1", "q2", "q3"]);
  else await learner(user, "reading-1", ["q1", "q2"]);
}
// a submission with unanswered questions (validation_error)
await call("POST", "/assessments/science-1/start", `u-${run}-0`);
await call("POST", "/assessments/science-1/submit", `u-${run}-0`);
// a retake of a completed assessment
await call("POST", "/assessments/math-1/retake", `u-${run}-0`);
await call("POST", "/assessments/math-1/start", `u-${run}-0`);
// one user over the rate limit (60 a minute): the warning at 48, then 429s
for (let i = 0; i < 65; i++) await call("GET", "/assessments", `u-${run}-busy`);
// a failure with a cause, captured with its breadcrumbs (when DEMO=1 or in development)
await call("GET", "/demo/fail", `u-${run}-1`);

const summary = [...statuses].map(([status, count]) => `${status}: ${count}`).join(", ");
process.stdout.write(`Sent ${sent} requests to ${base} (${summary}).\n`);
if (config.sentryDsn === undefined) {
  const store = relative(process.env.INIT_CWD ?? process.cwd(), join(config.dataDir, "errors.db"));
  process.stdout.write(`See the errors with: npx sightline errors --db ${store}\n`);
}
