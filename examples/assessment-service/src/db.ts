// The database: node:sqlite, timed and logged by sightline/db, with demo data.

import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { getLogger } from "sightline";
import { instrumentSqlite } from "sightline/db";

const log = getLogger("db");

export const DEFAULT_DB_PATH = ".data/assessments.db";

export interface DatabaseOptions {
  /** A file path, or ":memory:" (tests). */
  path?: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS users (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  email TEXT NOT NULL UNIQUE,
  password_hash TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS assessments (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  skill_area TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS questions (
  id TEXT NOT NULL,
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
  prompt TEXT NOT NULL,
  correct INTEGER NOT NULL,
  PRIMARY KEY (assessment_id, id)
);
CREATE TABLE IF NOT EXISTS attempts (
  user_id TEXT NOT NULL,
  assessment_id TEXT NOT NULL,
  status TEXT NOT NULL,
  score INTEGER,
  retakes INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (user_id, assessment_id)
);
CREATE TABLE IF NOT EXISTS answers (
  user_id TEXT NOT NULL,
  assessment_id TEXT NOT NULL,
  question_id TEXT NOT NULL,
  value INTEGER NOT NULL,
  PRIMARY KEY (user_id, assessment_id, question_id)
);
`;

const DEMO_ASSESSMENTS = [
  {
    id: "math-1",
    title: "Fractions and ratios",
    skill_area: "math",
    questions: [
      ["q1", "1/2 + 1/4 = ?/4", 3],
      ["q2", "3 : 6 is 1 : ?", 2],
      ["q3", "20% of 50", 10],
    ],
  },
  {
    id: "reading-1",
    title: "Reading comprehension",
    skill_area: "reading",
    questions: [
      ["q1", "Which paragraph states the main idea? (1-4)", 1],
      ["q2", "How many characters are named? ", 3],
    ],
  },
  {
    id: "science-1",
    title: "States of matter",
    skill_area: "science",
    questions: [
      ["q1", "How many common states of matter?", 3],
      ["q2", "Water boils at ? degrees Celsius", 100],
    ],
  },
] as const;

/** Opens (and on first use creates and seeds) the database. */
export function openDatabase(options: DatabaseOptions = {}): DatabaseSync {
  const path = options.path ?? DEFAULT_DB_PATH;
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = instrumentSqlite(new DatabaseSync(path), { slowQueryMs: 200 });
  db.exec(SCHEMA);
  db.exec("BEGIN");
  try {
    seed(db);
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
  return db;
}

function seed(db: DatabaseSync): void {
  const existing = db.prepare("SELECT COUNT(*) AS n FROM assessments").get() as { n: number };
  if (existing.n > 0) {
    log.debug("seed_skipped", { reason: "already_seeded", assessments: existing.n });
    return;
  }
  const insertAssessment = db.prepare("INSERT INTO assessments (id, title, skill_area) VALUES (?, ?, ?)");
  const insertQuestion = db.prepare("INSERT INTO questions (id, assessment_id, prompt, correct) VALUES (?, ?, ?, ?)");
  const insertUser = db.prepare(
    "INSERT INTO users (id, name, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)",
  );
  for (const a of DEMO_ASSESSMENTS) {
    insertAssessment.run(a.id, a.title, a.skill_area);
    for (const [id, prompt, correct] of a.questions) insertQuestion.run(id, a.id, prompt, correct);
  }
  insertUser.run("u-demo", "Demo Learner", "demo@example.com", "-", new Date().toISOString());
  log.info("database_seeded", { assessments: DEMO_ASSESSMENTS.length, users: 1 });
}
