import assert from "node:assert/strict";
import { test } from "node:test";
import { sqlOperation } from "./sql-operation.ts";

test("the first keyword, in any case, after whitespace, comments and parentheses", () => {
  const cases: Array<[string, string]> = [
    ["SELECT 1", "select"],
    ["  \n\tselect * from t", "select"],
    ["insert into t values (1)", "insert"],
    ["UPDATE t SET a = 1", "update"],
    ["Delete FROM t", "delete"],
    ["REPLACE INTO t VALUES (1)", "insert"],
    ["-- list users\nSELECT * FROM users", "select"],
    ["/* a\n comment */ /* two */ insert into t default values", "insert"],
    ["(SELECT 1) UNION (SELECT 2)", "select"],
    ["CREATE TABLE t (a)", "other"],
    ["BEGIN", "other"],
    ["EXPLAIN SELECT 1", "other"],
    ["", "other"],
    ["   ", "other"],
    ["-- only a comment", "other"],
    ["/* unterminated", "other"],
    ["selectx 1", "other"],
    ["select_all()", "other"],
  ];
  for (const [sql, operation] of cases) assert.equal(sqlOperation(sql), operation, sql);
});

test("WITH: the verb after the common table expressions", () => {
  const cases: Array<[string, string]> = [
    ["WITH recent AS (SELECT * FROM t) SELECT * FROM recent", "select"],
    ["with recursive n(x) as (select 1 union all select x + 1 from n where x < 5) select x from n", "select"],
    ["WITH moved AS (DELETE FROM a RETURNING *) INSERT INTO b SELECT * FROM moved", "insert"],
    ["WITH a AS (SELECT 1), b AS MATERIALIZED (SELECT 2) UPDATE t SET x = (SELECT 1 FROM a)", "update"],
    ["WITH gone AS (SELECT id FROM t WHERE note = ')select(') DELETE FROM t USING gone", "delete"],
    ["WITH q AS (SELECT $$ ) insert $$ AS s, $1::int AS n) SELECT * FROM q", "select"],
    ['WITH "odd ) name" AS (SELECT 1) SELECT 2', "select"],
    ["WITH a AS (SELECT 1 -- ) insert\n) SELECT 2", "select"],
    ["WITH a AS (SELECT 'it''s )' AS s) DELETE FROM t", "delete"],
    ["WITH a AS (SELECT 1)", "other"],
  ];
  for (const [sql, operation] of cases) assert.equal(sqlOperation(sql), operation, sql);
});

test("a WITH statement is scanned only so far; anything that is not a string is other", () => {
  const long = `WITH a AS (SELECT '${"x".repeat(20_000)}') SELECT * FROM a`;
  assert.equal(sqlOperation(long), "other");
  assert.equal(sqlOperation(undefined as unknown as string), "other");
});
