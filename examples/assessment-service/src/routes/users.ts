// POST /users: creates a learner. The body holds a password (and maybe a token); neither is logged.

import { randomBytes, randomUUID, scrypt } from "node:crypto";
import { promisify } from "node:util";
import type { FastifyInstance } from "fastify";
import { getLogger } from "sightline";
import type { Database } from "../storage/database.ts";

const log = getLogger("users");

interface CreateUserBody {
  name?: unknown;
  email?: unknown;
  password?: unknown;
}

const scryptAsync = promisify(scrypt) as (password: string, salt: Buffer, length: number) => Promise<Buffer>;

/** scrypt off the event loop: a synchronous hash would stall every other request. */
async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt:${salt.toString("hex")}:${(await scryptAsync(password, salt, 32)).toString("hex")}`;
}

export function userRoutes(app: FastifyInstance, db: Database): void {
  app.post<{ Body: CreateUserBody }>("/users", async (request, reply) => {
    const { name, email, password } = request.body ?? {};
    if (typeof name !== "string" || typeof email !== "string" || !email.includes("@")) {
      log.warning("user_create_rejected", { reason: "invalid_body" });
      return reply.code(400).send({ error: "name and a valid email are required" });
    }
    if (typeof password !== "string" || password.length < 8) {
      log.warning("user_create_rejected", { reason: "weak_password" });
      return reply.code(400).send({ error: "password must have at least 8 characters" });
    }
    const id = `u-${randomUUID().slice(0, 8)}`;
    const passwordHash = await hashPassword(password);
    // the UNIQUE constraint decides, not a look-up first: of concurrent sign-ups with one email,
    // exactly one row is inserted, and the others are told the email is taken (no failed query)
    const inserted = await db.run(
      "INSERT INTO users (id, name, email, password_hash, created_at) VALUES (?, ?, ?, ?, ?) " +
        "ON CONFLICT (email) DO NOTHING",
      [id, name, email, passwordHash, new Date().toISOString()],
    );
    if (inserted === 0) {
      log.warning("user_create_rejected", { reason: "email_taken" });
      return reply.code(409).send({ error: "email already registered" });
    }
    log.info("user_created", { user_id: id });
    return reply.code(201).send({ id, name, email });
  });
}
