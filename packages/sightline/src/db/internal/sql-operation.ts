// The `operation` label of a statement: its main verb, read from the first keyword. Whitespace,
// comments and opening parentheses before it are skipped; after `WITH`, the common table
// expressions are skipped (at most MAX_SCAN characters) to reach the verb that follows them.
// Nothing else of the statement is read.

export type SqlOperation = "select" | "insert" | "update" | "delete" | "other";

/** How far a WITH statement is scanned for its main verb before it counts as `other`. */
const MAX_SCAN = 10_000;

const OPEN_PAREN = 40;
const CLOSE_PAREN = 41;

const VERBS: Readonly<Record<string, SqlOperation>> = {
  select: "select",
  insert: "insert",
  update: "update",
  delete: "delete",
  // SQLite's and MySQL's REPLACE INTO is an insert that may overwrite
  replace: "insert",
};

function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13);
}

function isWordChar(code: number): boolean {
  return (
    (code >= 97 && code <= 122) || // a-z
    (code >= 65 && code <= 90) || // A-Z
    (code >= 48 && code <= 57) || // 0-9
    code === 95 || // _
    code === 36 // $
  );
}

/** The index after the comment at `at` (`--` or `/*`), or `at` when there is none. */
function skipComment(sql: string, at: number): number {
  const code = sql.charCodeAt(at);
  if (code === 45 && sql.charCodeAt(at + 1) === 45) {
    const end = sql.indexOf("\n", at + 2);
    return end === -1 ? sql.length : end + 1;
  }
  if (code === 47 && sql.charCodeAt(at + 1) === 42) {
    const end = sql.indexOf("*/", at + 2);
    return end === -1 ? sql.length : end + 2;
  }
  return at;
}

/** The index after the quoted text (`'…'`, `"…"`, `` `…` ``, `[…]`, `$tag$…$tag$`) at `at`, or `at`. */
function skipQuoted(sql: string, at: number): number {
  const quote = sql[at];
  if (quote === "'" || quote === '"' || quote === "`" || quote === "[") {
    const close = quote === "[" ? "]" : quote;
    // a doubled quote inside is an escaped one: the scan simply continues after it
    let end = sql.indexOf(close, at + 1);
    while (end !== -1 && close !== "]" && sql[end + 1] === close) end = sql.indexOf(close, end + 2);
    return end === -1 ? sql.length : end + 1;
  }
  if (quote === "$") {
    // PostgreSQL dollar quoting: $$…$$ or $tag$…$tag$ (but not the placeholder $1)
    let tagEnd = at + 1;
    while (tagEnd < sql.length && isWordChar(sql.charCodeAt(tagEnd)) && sql[tagEnd] !== "$") tagEnd++;
    const first = sql.charCodeAt(at + 1);
    if (sql[tagEnd] !== "$" || (first >= 48 && first <= 57)) return at;
    const tag = sql.slice(at, tagEnd + 1);
    const end = sql.indexOf(tag, tagEnd + 1);
    return end === -1 ? sql.length : end + tag.length;
  }
  return at;
}

/** The lower-cased word at `at` (at most 8 characters are kept) and the index after it. */
function readWord(sql: string, at: number): [string, number] {
  let end = at;
  while (end < sql.length && isWordChar(sql.charCodeAt(end))) end++;
  return [end - at <= 8 ? sql.slice(at, end).toLowerCase() : "", end];
}

/** The main verb after `WITH …`: the first top-level select/insert/update/delete. */
function verbAfterWith(sql: string, at: number): SqlOperation {
  const limit = Math.min(sql.length, at + MAX_SCAN);
  let depth = 0;
  while (at < limit) {
    const code = sql.charCodeAt(at);
    if (isSpace(code)) {
      at++;
      continue;
    }
    const afterComment = skipComment(sql, at);
    if (afterComment !== at) {
      at = afterComment;
      continue;
    }
    const afterQuoted = skipQuoted(sql, at);
    if (afterQuoted !== at) {
      at = afterQuoted;
      continue;
    }
    if (code === OPEN_PAREN) depth++;
    else if (code === CLOSE_PAREN) depth--;
    else if (isWordChar(code)) {
      const [word, end] = readWord(sql, at);
      if (depth === 0) {
        // (not "replace": PostgreSQL allows it as a table expression's name)
        const verb = VERBS[word];
        if (verb !== undefined && word !== "replace") return verb;
      }
      at = end;
      continue;
    }
    at++;
  }
  return "other";
}

/**
 * `select`, `insert`, `update`, `delete` or `other`, from the statement's main verb.
 *
 * @example
 * sqlOperation("-- list\n  WITH recent AS (SELECT * FROM t) SELECT * FROM recent"); // "select"
 */
export function sqlOperation(sql: string): SqlOperation {
  if (typeof sql !== "string") return "other";
  let at = 0;
  while (at < sql.length) {
    const code = sql.charCodeAt(at);
    if (isSpace(code) || code === OPEN_PAREN) {
      at++;
      continue;
    }
    const afterComment = skipComment(sql, at);
    if (afterComment === at) break;
    at = afterComment;
  }
  const [word, end] = readWord(sql, at);
  if (word === "with") return verbAfterWith(sql, end);
  return VERBS[word] ?? "other";
}
