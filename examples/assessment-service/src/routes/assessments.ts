// The assessment routes: list, start, answer, submit, retake, show.

import type { FastifyInstance } from "fastify";
import { flow, getLogger } from "sightline";
import { submissions } from "../metrics.ts";
import type { Database } from "../storage/database.ts";
import { requireUser } from "../user.ts";

const log = getLogger("assessments");

interface AssessmentRow {
  id: string;
  title: string;
  skill_area: string;
}

interface AttemptRow {
  status: string;
  score: number | null;
  retakes: number;
}

type IdParams = { Params: { id: string } };

type SubmitOutcome =
  { rejected: "not_in_progress" } | { rejected: "unanswered_questions"; missing: string[] } | { score: number };

/**
 * Touches the attempt only if it is in progress: the row count says whether it is, and the row
 * stays locked (PostgreSQL; SQLite runs one transaction at a time) until the transaction ends.
 */
const LOCK_IN_PROGRESS =
  "UPDATE attempts SET status = status WHERE user_id = ? AND assessment_id = ? AND status = 'in_progress'";

export function assessmentRoutes(app: FastifyInstance, db: Database): void {
  const findAssessment = (id: string) =>
    db.get<AssessmentRow>("SELECT id, title, skill_area FROM assessments WHERE id = ?", [id]);
  const findAttempt = (userId: string, id: string) =>
    db.get<AttemptRow>("SELECT status, score, retakes FROM attempts WHERE user_id = ? AND assessment_id = ?", [
      userId,
      id,
    ]);

  app.get("/assessments", async () => {
    const rows = await db.all<AssessmentRow>("SELECT id, title, skill_area FROM assessments ORDER BY id");
    log.info("assessments_listed", { count: rows.length });
    return { assessments: rows };
  });

  app.get<IdParams>("/assessments/:id", async (request, reply) => {
    const userId = requireUser(request, reply);
    if (userId === undefined) return reply;
    const assessment = await findAssessment(request.params.id);
    if (assessment === undefined) {
      log.warning("assessment_not_found", { assessment_id: request.params.id });
      return reply.code(404).send({ error: "assessment not found" });
    }
    const questions = await db.all("SELECT id, prompt FROM questions WHERE assessment_id = ? ORDER BY id", [
      assessment.id,
    ]);
    const answers = await db.all(
      "SELECT question_id, value FROM answers WHERE user_id = ? AND assessment_id = ? ORDER BY question_id",
      [userId, assessment.id],
    );
    const attempt = (await findAttempt(userId, assessment.id)) ?? null;
    return { ...assessment, questions, attempt, answers };
  });

  app.post<IdParams>("/assessments/:id/start", async (request, reply) => {
    const userId = requireUser(request, reply);
    if (userId === undefined) return reply;
    const assessment = await findAssessment(request.params.id);
    if (assessment === undefined) {
      log.warning("assessment_start_skipped", { reason: "assessment_not_found", assessment_id: request.params.id });
      return reply.code(404).send({ error: "assessment not found" });
    }
    // one statement decides: a first start, or a restart once a retake is enabled; of concurrent
    // starts exactly one changes the row
    const started = await db.run(
      "INSERT INTO attempts (user_id, assessment_id, status) VALUES (?, ?, 'in_progress') " +
        "ON CONFLICT (user_id, assessment_id) DO UPDATE SET status = 'in_progress', score = NULL " +
        "WHERE attempts.status = 'retake_enabled'",
      [userId, assessment.id],
    );
    if (started === 0) {
      const status = (await findAttempt(userId, assessment.id))?.status ?? "started";
      log.warning("assessment_start_skipped", {
        reason: "already_started",
        assessment_id: assessment.id,
        attempt_status: status,
      });
      return reply.code(409).send({ error: `assessment already ${status}` });
    }
    log.info("assessment_started", { assessment_id: assessment.id, skill_area: assessment.skill_area });
    return reply.code(201).send({ assessment_id: assessment.id, status: "in_progress" });
  });

  app.put<{ Params: { id: string; questionId: string }; Body: { value?: unknown } }>(
    "/assessments/:id/answers/:questionId",
    async (request, reply) => {
      const userId = requireUser(request, reply);
      if (userId === undefined) return reply;
      const { id, questionId } = request.params;
      const question = await db.get("SELECT id FROM questions WHERE assessment_id = ? AND id = ?", [id, questionId]);
      if (question === undefined) {
        // no silent early return: say why the answer was not saved
        log.warning("save_answer_skipped", { reason: "invalid_question", assessment_id: id, question_id: questionId });
        return reply.code(404).send({ error: "question not found" });
      }
      const value = request.body?.value;
      if (typeof value !== "number" || !Number.isInteger(value)) {
        log.warning("save_answer_skipped", { reason: "invalid_value", assessment_id: id, question_id: questionId });
        return reply.code(400).send({ error: "value must be an integer" });
      }
      const saved = await db.transaction(async (tx) => {
        // holds the attempt's row (PostgreSQL locks it) while the answer is written, so a submit
        // cannot score the attempt in between; no row: the attempt is not in progress
        if ((await tx.run(LOCK_IN_PROGRESS, [userId, id])) === 0) return false;
        await tx.run(
          "INSERT INTO answers (user_id, assessment_id, question_id, value) VALUES (?, ?, ?, ?) " +
            "ON CONFLICT (user_id, assessment_id, question_id) DO UPDATE SET value = excluded.value",
          [userId, id, questionId, value],
        );
        return true;
      });
      if (!saved) {
        log.warning("save_answer_skipped", { reason: "not_in_progress", assessment_id: id, question_id: questionId });
        return reply.code(409).send({ error: "start the assessment first" });
      }
      log.info("answer_saved", { assessment_id: id, question_id: questionId });
      return { assessment_id: id, question_id: questionId, saved: true };
    },
  );

  app.post<IdParams>("/assessments/:id/submit", async (request, reply) => {
    const userId = requireUser(request, reply);
    if (userId === undefined) return reply;
    const assessment = await findAssessment(request.params.id);
    if (assessment === undefined) {
      log.warning("assessment_submit_skipped", { reason: "assessment_not_found", assessment_id: request.params.id });
      return reply.code(404).send({ error: "assessment not found" });
    }
    const skillArea = assessment.skill_area;
    // scored and completed in one transaction holding the attempt's row: answers saved meanwhile
    // wait for it (and then find it completed), and of concurrent submits one scores
    const outcome = await db.transaction(async (tx): Promise<SubmitOutcome> => {
      if ((await tx.run(LOCK_IN_PROGRESS, [userId, assessment.id])) === 0) return { rejected: "not_in_progress" };
      const rows = await tx.all<{ id: string; correct: number; value: number | null }>(
        "SELECT q.id, q.correct, a.value FROM questions q LEFT JOIN answers a " +
          "ON a.question_id = q.id AND a.assessment_id = q.assessment_id AND a.user_id = ? " +
          "WHERE q.assessment_id = ? ORDER BY q.id",
        [userId, assessment.id],
      );
      const missing = rows.filter((r) => r.value === null).map((r) => r.id);
      if (missing.length > 0) return { rejected: "unanswered_questions", missing };
      const score = Math.round((100 * rows.filter((r) => r.value === r.correct).length) / rows.length);
      await tx.run("UPDATE attempts SET status = 'completed', score = ? WHERE user_id = ? AND assessment_id = ?", [
        score,
        userId,
        assessment.id,
      ]);
      return { score };
    });
    if ("rejected" in outcome) {
      submissions.inc({ skill_area: skillArea, status: "validation_error" });
      if (outcome.rejected === "not_in_progress") {
        log.warning("assessment_submit_rejected", { reason: "not_in_progress", assessment_id: assessment.id });
        return reply.code(409).send({ error: "no assessment in progress" });
      }
      log.warning("assessment_submit_rejected", {
        reason: "unanswered_questions",
        assessment_id: assessment.id,
        missing: outcome.missing.length,
      });
      return reply.code(422).send({ error: "unanswered questions", missing: outcome.missing });
    }
    const { score } = outcome;
    submissions.inc({ skill_area: skillArea, status: "success" });
    log.info("assessment_submitted", { assessment_id: assessment.id, skill_area: skillArea, score });
    return { assessment_id: assessment.id, status: "completed", score };
  });

  app.post<IdParams>("/assessments/:id/retake", async (request, reply) => {
    const userId = requireUser(request, reply);
    if (userId === undefined) return reply;
    const assessment = await findAssessment(request.params.id);
    if (assessment === undefined) {
      log.warning("retake_skipped", { reason: "assessment_not_found", assessment_id: request.params.id });
      return reply.code(404).send({ error: "assessment not found" });
    }
    const fields = { user_id: userId, assessment_id: assessment.id, skill_area: assessment.skill_area };
    const result = await flow("retake", fields, async (f) => {
      const completed = await f.step("load_completed", () =>
        db.all("SELECT question_id FROM answers WHERE user_id = ? AND assessment_id = ?", [userId, assessment.id]),
      );
      if ((await findAttempt(userId, assessment.id))?.status !== "completed") f.skip("not_completed");
      // the answers go and the retake is enabled together, or neither happens
      return db.transaction(async (tx) => {
        const cleared = await f.step("clear_answers", () =>
          tx.run("DELETE FROM answers WHERE user_id = ? AND assessment_id = ?", [userId, assessment.id]),
        );
        const enabled = await f.step("enable_retake", () =>
          tx.run(
            "UPDATE attempts SET status = 'retake_enabled', score = NULL, retakes = retakes + 1 " +
              "WHERE user_id = ? AND assessment_id = ? AND status = 'completed'",
            [userId, assessment.id],
          ),
        );
        // a concurrent retake enabled it first: this one rolls back (its cleared answers with it)
        if (enabled === 0) f.skip("not_completed");
        return { previous_answers: completed.length, cleared };
      });
    });
    if (result === undefined) return reply.code(409).send({ error: "assessment not completed yet" });
    return { assessment_id: assessment.id, status: "retake_enabled", ...result };
  });
}
