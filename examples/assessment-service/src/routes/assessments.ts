// The assessment routes: list, start, answer, submit, retake, show.

import type { DatabaseSync } from "node:sqlite";
import type { FastifyInstance } from "fastify";
import { flow, getLogger } from "sightline";
import { submissions } from "../metrics.ts";
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

export function assessmentRoutes(app: FastifyInstance, db: DatabaseSync): void {
  const findAssessment = (id: string): AssessmentRow | undefined =>
    db.prepare("SELECT id, title, skill_area FROM assessments WHERE id = ?").get(id) as AssessmentRow | undefined;
  const findAttempt = (userId: string, id: string): AttemptRow | undefined =>
    db
      .prepare("SELECT status, score, retakes FROM attempts WHERE user_id = ? AND assessment_id = ?")
      .get(userId, id) as AttemptRow | undefined;

  app.get("/assessments", async () => {
    const rows = db
      .prepare("SELECT id, title, skill_area FROM assessments ORDER BY id")
      .all() as unknown as AssessmentRow[];
    log.info("assessments_listed", { count: rows.length });
    return { assessments: rows };
  });

  app.get<IdParams>("/assessments/:id", async (request, reply) => {
    const userId = requireUser(request, reply);
    if (userId === undefined) return reply;
    const assessment = findAssessment(request.params.id);
    if (assessment === undefined) {
      log.warning("assessment_not_found", { assessment_id: request.params.id });
      return reply.code(404).send({ error: "assessment not found" });
    }
    const questions = db
      .prepare("SELECT id, prompt FROM questions WHERE assessment_id = ? ORDER BY id")
      .all(assessment.id);
    const answers = db
      .prepare("SELECT question_id, value FROM answers WHERE user_id = ? AND assessment_id = ?")
      .all(userId, assessment.id);
    return { ...assessment, questions, attempt: findAttempt(userId, assessment.id) ?? null, answers };
  });

  app.post<IdParams>("/assessments/:id/start", async (request, reply) => {
    const userId = requireUser(request, reply);
    if (userId === undefined) return reply;
    const assessment = findAssessment(request.params.id);
    if (assessment === undefined) {
      log.warning("assessment_start_skipped", { reason: "assessment_not_found", assessment_id: request.params.id });
      return reply.code(404).send({ error: "assessment not found" });
    }
    const attempt = findAttempt(userId, assessment.id);
    if (attempt !== undefined && attempt.status !== "retake_enabled") {
      log.warning("assessment_start_skipped", {
        reason: "already_started",
        assessment_id: assessment.id,
        attempt_status: attempt.status,
      });
      return reply.code(409).send({ error: `assessment already ${attempt.status}` });
    }
    db.prepare(
      "INSERT INTO attempts (user_id, assessment_id, status) VALUES (?, ?, 'in_progress') " +
        "ON CONFLICT (user_id, assessment_id) DO UPDATE SET status = 'in_progress', score = NULL",
    ).run(userId, assessment.id);
    log.info("assessment_started", { assessment_id: assessment.id, skill_area: assessment.skill_area });
    return reply.code(201).send({ assessment_id: assessment.id, status: "in_progress" });
  });

  app.put<{ Params: { id: string; questionId: string }; Body: { value?: unknown } }>(
    "/assessments/:id/answers/:questionId",
    async (request, reply) => {
      const userId = requireUser(request, reply);
      if (userId === undefined) return reply;
      const { id, questionId } = request.params;
      const question = db.prepare("SELECT id FROM questions WHERE assessment_id = ? AND id = ?").get(id, questionId);
      if (question === undefined) {
        // no silent early return: say why the answer was not saved
        log.warning("save_answer_skipped", { reason: "invalid_question", assessment_id: id, question_id: questionId });
        return reply.code(404).send({ error: "question not found" });
      }
      if (findAttempt(userId, id)?.status !== "in_progress") {
        log.warning("save_answer_skipped", { reason: "not_in_progress", assessment_id: id, question_id: questionId });
        return reply.code(409).send({ error: "start the assessment first" });
      }
      const value = request.body?.value;
      if (typeof value !== "number" || !Number.isInteger(value)) {
        log.warning("save_answer_skipped", { reason: "invalid_value", assessment_id: id, question_id: questionId });
        return reply.code(400).send({ error: "value must be an integer" });
      }
      db.prepare(
        "INSERT INTO answers (user_id, assessment_id, question_id, value) VALUES (?, ?, ?, ?) " +
          "ON CONFLICT (user_id, assessment_id, question_id) DO UPDATE SET value = excluded.value",
      ).run(userId, id, questionId, value);
      log.info("answer_saved", { assessment_id: id, question_id: questionId });
      return { assessment_id: id, question_id: questionId, saved: true };
    },
  );

  app.post<IdParams>("/assessments/:id/submit", async (request, reply) => {
    const userId = requireUser(request, reply);
    if (userId === undefined) return reply;
    const assessment = findAssessment(request.params.id);
    if (assessment === undefined) {
      log.warning("assessment_submit_skipped", { reason: "assessment_not_found", assessment_id: request.params.id });
      return reply.code(404).send({ error: "assessment not found" });
    }
    const skillArea = assessment.skill_area;
    if (findAttempt(userId, assessment.id)?.status !== "in_progress") {
      submissions.inc({ skill_area: skillArea, status: "validation_error" });
      log.warning("assessment_submit_rejected", { reason: "not_in_progress", assessment_id: assessment.id });
      return reply.code(409).send({ error: "no assessment in progress" });
    }
    const rows = db
      .prepare(
        "SELECT q.id, q.correct, a.value FROM questions q LEFT JOIN answers a " +
          "ON a.question_id = q.id AND a.assessment_id = q.assessment_id AND a.user_id = ? WHERE q.assessment_id = ?",
      )
      .all(userId, assessment.id) as unknown as { id: string; correct: number; value: number | null }[];
    const missing = rows.filter((r) => r.value === null).map((r) => r.id);
    if (missing.length > 0) {
      submissions.inc({ skill_area: skillArea, status: "validation_error" });
      log.warning("assessment_submit_rejected", {
        reason: "unanswered_questions",
        assessment_id: assessment.id,
        missing: missing.length,
      });
      return reply.code(422).send({ error: "unanswered questions", missing });
    }
    const score = Math.round((100 * rows.filter((r) => r.value === r.correct).length) / rows.length);
    db.prepare("UPDATE attempts SET status = 'completed', score = ? WHERE user_id = ? AND assessment_id = ?").run(
      score,
      userId,
      assessment.id,
    );
    submissions.inc({ skill_area: skillArea, status: "success" });
    log.info("assessment_submitted", { assessment_id: assessment.id, skill_area: skillArea, score });
    return { assessment_id: assessment.id, status: "completed", score };
  });

  app.post<IdParams>("/assessments/:id/retake", async (request, reply) => {
    const userId = requireUser(request, reply);
    if (userId === undefined) return reply;
    const assessment = findAssessment(request.params.id);
    if (assessment === undefined) {
      log.warning("retake_skipped", { reason: "assessment_not_found", assessment_id: request.params.id });
      return reply.code(404).send({ error: "assessment not found" });
    }
    const fields = { user_id: userId, assessment_id: assessment.id, skill_area: assessment.skill_area };
    const result = await flow("retake", fields, async (f) => {
      const completed = await f.step("load_completed", () =>
        db
          .prepare("SELECT question_id FROM answers WHERE user_id = ? AND assessment_id = ?")
          .all(userId, assessment.id),
      );
      if (findAttempt(userId, assessment.id)?.status !== "completed") f.skip("not_completed");
      const cleared = await f.step(
        "clear_answers",
        () =>
          db.prepare("DELETE FROM answers WHERE user_id = ? AND assessment_id = ?").run(userId, assessment.id).changes,
      );
      await f.step("enable_retake", () =>
        db
          .prepare(
            "UPDATE attempts SET status = 'retake_enabled', score = NULL, retakes = retakes + 1 " +
              "WHERE user_id = ? AND assessment_id = ?",
          )
          .run(userId, assessment.id),
      );
      return { previous_answers: completed.length, cleared: Number(cleared) };
    });
    if (result === undefined) return reply.code(409).send({ error: "assessment not completed yet" });
    return { assessment_id: assessment.id, status: "retake_enabled", ...result };
  });
}
