// The quickstart: what Sightline's logging looks like, in JSON and on the console.
// Run it with `npm start` from the repository root.

import { configure, flush, getLogger, redact, withContext } from "sightline";

async function tour(): Promise<void> {
  const log = getLogger("assessments");

  // Event-first structured lines: a snake_case event name, then fields.
  log.info("assessment_started", { user_id: "u-42", assessment_id: "a-7" });

  // A bound logger carries its fields on every line.
  const userLog = log.bind({ user_id: "u-42" });
  userLog.warning("save_answer_skipped", { reason: "invalid_question", question_id: "q-9" });

  // Context: every line inside the scope, from any logger, carries request_id.
  await withContext({ request_id: "4bf92f35", method: "POST", route: "/assessments/:id/submit" }, async () => {
    getLogger("db").info("query_executed", { query_type: "insert", duration_ms: 3.2 });
    userLog.info("assessment_submitted", { score: 87 });
  });

  // Exceptions: type, message, stack and the cause chain.
  try {
    try {
      throw Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    } catch (cause) {
      throw new Error("could not save the answer", { cause });
    }
  } catch (error) {
    log.exception("answer_save_failed", error, { user_id: "u-42", question_id: "q-9" });
  }

  // Redaction: secrets never reach the output, whatever key or string they hide in.
  log.info("request_received", {
    body: { email: "ada@example.com", password: "hunter2" },
    headers: { authorization: "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl" },
    callback: "https://api.example.com/cb?code=1&access_token=abcdef123456",
  });
  await flush();
  console.log("redact() on its own:", redact({ db_url: "postgres://app:s3cret@db:5432/app", apiKey: "k-123" }));
}

console.log("── JSON (production format) ──");
configure({ format: "json", service: "assessment-api" });
await tour();

console.log("\n── console (development format) ──");
configure({ format: "console", service: "assessment-api" });
await tour();
