import assert from "node:assert/strict";
import { test } from "node:test";
import { parse } from "@typescript-eslint/parser";
import type { TSESTree } from "@typescript-eslint/utils";
import { guardReason } from "./guard-reason.ts";

function reasonOf(condition: string): string | undefined {
  const program = parse(`async function f() { if (${condition}) return; }`) as TSESTree.Program;
  const fn = program.body[0] as TSESTree.FunctionDeclaration;
  return guardReason((fn.body.body[0] as TSESTree.IfStatement).test);
}

test("a guard's condition becomes a snake_case reason saying what was not so", () => {
  const cases: Array<[string, string]> = [
    ["!order", "order_missing"],
    ["!req.body.user.email", "user_email_missing"],
    ["!(await isValidQuestion(id))", "invalid_question"],
    ["!isValid(input)", "invalid"],
    ["!isReady", "not_ready"],
    ["!this.isOpen", "not_open"],
    ["!user.hasAccess", "user_no_access"],
    ["!canRetake(user)", "cannot_retake"],
    ["!this.has(key)", "key_not_found"],
    ["!seen.includes(event.id)", "event_id_not_found"],
    ["!acquireLock(name)", "acquire_lock_failed"],
    ["!rows.length", "rows_empty"],
    ["rows.length === 0", "rows_empty"],
    ["queue.size <= 0", "queue_empty"],
    ["items.length < 1", "items_empty"],
    ["items.length < 0", "items_length_below_0"],
    ["answer === null", "answer_missing"],
    ["session.user == undefined", "session_user_missing"],
    ["attempts >= MAX_ATTEMPTS", "attempts_at_least_max_attempts"],
    ['assessment.status !== "open"', "assessment_status_not_open"],
    ["isDuplicate(answer)", "duplicate"],
    ["user.isBanned", "user_banned"],
    ["order?.paid", "order_paid"],
    ["item!.skip", "item_skip"],
  ];
  for (const [condition, reason] of cases) assert.equal(reasonOf(condition), reason, condition);
});

test("a condition of no known shape has no reason: the rule quotes its source instead", () => {
  for (const condition of [
    "a || b",
    'typeof x !== "string"',
    "key in cache",
    "items[0]",
    "!fns[0]()",
    "x instanceof Y",
  ]) {
    assert.equal(reasonOf(condition), undefined, condition);
  }
});
