// The schema (SQL both SQLite and PostgreSQL accept) and the demo data seeded on first start.

import { getLogger } from "sightline";
import type { Database } from "./database.ts";

const log = getLogger("db");

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
  assessment_id TEXT NOT NULL REFERENCES assessments(id),
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
  PRIMARY KEY (user_id, assessment_id, question_id),
  FOREIGN KEY (assessment_id, question_id) REFERENCES questions(assessment_id, id)
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

/** Creates the tables if needed and seeds the demo data into an empty database. */
export async function prepareDatabase(db: Database): Promise<void> {
  await db.exec(SCHEMA);
  await db.transaction(seed);
}

async function seed(db: Database): Promise<void> {
  const existing = await db.get<{ n: number | string }>("SELECT COUNT(*) AS n FROM assessments");
  const count = Number(existing?.n ?? 0); // PostgreSQL's COUNT is a bigint: a string in JavaScript
  if (count > 0) {
    log.debug("seed_skipped", { reason: "already_seeded", assessments: count });
    return;
  }
  for (const a of DEMO_ASSESSMENTS) {
    await db.run("INSERT INTO assessments (id, title, skill_area) VALUES (?, ?, ?)", [a.id, a.title, a.skill_area]);
    for (const [id, prompt, correct] of a.questions) {
      await db.run("INSERT INTO questions (id, assessment_id, prompt, correct) VALUES (?, ?, ?, ?)", [
        id,
        a.id,
        prompt,
        correct,
      ]);
    }
  }
  await db.run("INSERT INTO users (id, name, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?)", [
    "u-demo",
    "Demo Learner",
    "demo@example.com",
    "-",
    new Date().toISOString(),
  ]);
  log.info("database_seeded", { assessments: DEMO_ASSESSMENTS.length, users: 1 });
}
