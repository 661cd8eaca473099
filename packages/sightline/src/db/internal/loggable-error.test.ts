import assert from "node:assert/strict";
import { test } from "node:test";
import { loggableError } from "./loggable-error.ts";

class DatabaseError extends Error {
  code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

test("errors that echo no values are returned as they are", () => {
  const plain = new Error('relation "t" does not exist');
  assert.equal(loggableError(plain), plain);
  const other = new DatabaseError('invalid input: "x"', "42601");
  assert.equal(loggableError(other), other, "only data exceptions (class 22) have their message masked");
  for (const value of [undefined, null, "text", 42]) assert.equal(loggableError(value), value);
});

test("detail and driver-attached statements are left out of a copy of the same type", () => {
  const cause = new Error("inner");
  const error = new DatabaseError('duplicate key value violates unique constraint "u_email_key"', "23505");
  Object.assign(error, { detail: "Key (email)=(hunter2) already exists." });
  Object.defineProperty(error, "cause", { value: cause, enumerable: false, configurable: true });
  Object.assign(error, { constraint: "u_email_key", sql: "INSERT INTO u VALUES ('hunter2')" });
  const copy = loggableError(error) as DatabaseError & Record<string, unknown>;
  assert.notEqual(copy, error);
  assert.ok(copy instanceof DatabaseError);
  assert.equal(copy.message, error.message);
  assert.equal(copy.stack, error.stack);
  assert.equal(copy.cause, cause);
  assert.equal(copy.constraint, "u_email_key");
  assert.equal(copy.code, "23505");
  assert.ok(!("detail" in copy) && !("sql" in copy));
  assert.equal(
    (error as DatabaseError & { detail?: string }).detail,
    "Key (email)=(hunter2) already exists.",
    "the original is untouched",
  );
});

test("a data exception's quoted input is masked in the message and the stack", () => {
  const error = new DatabaseError('invalid input syntax for type integer: "hunter2 $1 $&"', "22P02");
  const copy = loggableError(error) as Error;
  assert.equal(copy.message, 'invalid input syntax for type integer: "[omitted]"');
  assert.ok(copy.stack?.startsWith('Error: invalid input syntax for type integer: "[omitted]"\n'));
  assert.ok(!copy.stack?.includes("hunter2"));
  assert.equal(error.message, 'invalid input syntax for type integer: "hunter2 $1 $&"');
});
