import { runRule } from "../../test/rule-tester.ts";
import rule from "./no-silent-early-return.ts";

const LOGGER = 'const log = getLogger("answers");\n';

runRule("no-silent-early-return", rule, {
  valid: [
    // the source document's good example
    `${LOGGER}async function saveAnswer(userId: string, questionId: string, value: number): Promise<void> {
  if (!(await isValidQuestion(questionId))) {
    log.warning("save_answer_skipped", { reason: "invalid_question", user_id: userId, question_id: questionId });
    return;
  }
  await db.insert({ userId, questionId, value });
  answersSaved.inc();
}`,
    // a metric, a capture or a throw says enough too
    `const skipped = new Counter({ name: "skipped_total", help: "h", labelNames: ["reason"] });
async function sync(id: string): Promise<void> {
  const row = await load(id);
  if (!row) { skipped.inc({ reason: "missing" }); return; }
  await push(row);
  done();
}`,
    `async function sync(id: string): Promise<void> {
  const row = await load(id);
  if (!row) { captureMessage("sync_row_missing"); return; }
  await push(row);
  done();
}`,
    `async function sync(id: string): Promise<void> {
  const row = await load(id);
  if (!row) throw new NotFoundError(id);
  await push(row);
  done();
}`,
    // the return is the last thing: nothing is skipped
    `async function f(id: string): Promise<void> {
  const row = await load(id);
  await push(row);
  if (!row) return;
}`,
    // a consequent that does work has handled the case
    `async function handle(msg: Message): Promise<void> {
  const kind = msg.kind;
  if (kind === "ping") { reply("pong"); return; }
  await process(msg);
  ack(msg);
}`,
    // small functions (fewer than 3 top-level statements)
    `function first(items: string[]): void {
  if (items.length === 0) return;
  use(items[0]);
}`,
    // `return null` where other paths return a value answers "nothing": the caller decides
    `async function findUser(id: string): Promise<User | null> {
  const row = await db.get(id);
  if (!row) return null;
  const user = toUser(row);
  return user;
}`,
    // state guards: idempotency and feature flags read no input
    `class Server {
  private started = false;
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    await this.listen();
  }
}`,
    `let enabled = false;
function record(event: string): void {
  if (!enabled) return;
  buffer.push(event);
  flush();
}`,
    // a recursive walker returns at its leaves
    `function walk(node: Node | null, visit: (n: Node) => void): void {
  if (node === null) return;
  visit(node);
  for (const child of node.children) walk(child, visit);
}`,
    // functions: "async" skips synchronous functions
    {
      code: `function sync(id: string): void {
  const row = load(id);
  if (!row) return;
  push(row);
}`,
      options: [{ functions: "async" }],
    },
    // functions: "exported" skips private helpers
    {
      code: `async function helper(id: string): Promise<void> {
  const row = await load(id);
  if (!row) return;
  await push(row);
}`,
      options: [{ functions: "exported" }],
    },
    {
      code: `export class Repo {
  private async helper(id: string): Promise<void> {
    const row = await load(id);
    if (!row) return;
    await push(row);
  }
}`,
      options: [{ functions: "exported" }],
    },
    // console output is not silent either (no-console has its own say)
    `function f(x?: string): void {
  const y = x?.trim();
  if (!y) { console.warn("empty"); return; }
  use(y);
}`,
    // a comment explains the return (allowComment)
    `async function sync(id: string): Promise<void> {
  const row = await load(id);
  // rows are deleted concurrently; a missing one was handled by the deleter
  if (!row) return;
  await push(row);
}`,
    `async function sync(id: string): Promise<void> {
  const row = await load(id);
  if (!row) return; // deleted concurrently
  await push(row);
}`,
    `async function sync(id: string): Promise<void> {
  const row = await load(id);
  if (!row) {
    /* deleted concurrently */
    return;
  }
  await push(row);
}`,
    // an arrow with an expression body has no guard clauses
    "const f = (x: number) => (x > 0 ? g(x) : undefined);",
    // ignoreSmallFunctions: 5
    {
      code: `async function f(id: string): Promise<void> {
  const row = await load(id);
  if (!row) return;
  await push(row);
}`,
      options: [{ ignoreSmallFunctions: 5 }],
    },
  ],
  invalid: [
    {
      // the source document's bad example
      code: `${LOGGER}async function saveAnswer(userId: string, questionId: string, value: number): Promise<void> {
  if (!(await isValidQuestion(questionId))) {
    return;
  }
  await db.insert({ userId, questionId, value });
  log.info("answer_saved", { user_id: userId });
}`,
      errors: [
        {
          messageId: "silentReturn",
          data: { name: "saveAnswer" },
          line: 4,
          suggestions: [
            {
              messageId: "suggestLog",
              output: `${LOGGER}async function saveAnswer(userId: string, questionId: string, value: number): Promise<void> {
  if (!(await isValidQuestion(questionId))) {
    log.warning("save_answer_skipped", { reason: "invalid_question" });
    return;
  }
  await db.insert({ userId, questionId, value });
  log.info("answer_saved", { user_id: userId });
}`,
            },
          ],
        },
      ],
    },
    {
      // a bare consequent gets a block; no logger in scope: `logger`
      code: `async function sync(id: string): Promise<void> {
  const row = await load(id);
  if (!row) return undefined;
  await push(row);
}`,
      errors: [
        {
          messageId: "silentReturn",
          suggestions: [
            {
              messageId: "suggestLog",
              output: `async function sync(id: string): Promise<void> {
  const row = await load(id);
  if (!row) { logger.warning("sync_skipped", { reason: "row_missing" }); return undefined; }
  await push(row);
}`,
            },
          ],
        },
      ],
    },
    {
      // a logger field of the class is used
      code: `class Importer {
  private readonly logger = new Logger("importer");
  async run(file: string): Promise<void> {
    const rows = await read(file);
    if (rows.length === 0) return null;
    await this.store(rows);
  }
}`,
      errors: [
        {
          messageId: "silentReturn",
          data: { name: "run" },
          suggestions: [
            {
              messageId: "suggestLog",
              output: `class Importer {
  private readonly logger = new Logger("importer");
  async run(file: string): Promise<void> {
    const rows = await read(file);
    if (rows.length === 0) { this.logger.warning("run_skipped", { reason: "rows_empty" }); return null; }
    await this.store(rows);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // a long condition is shortened; an arrow takes its variable's name
      code: `const handler = async (req: Request): Promise<void> => {
  const body = await req.json();
  if (body.items === undefined || body.items.length === 0 || body.dryRun === true) return;
  await save(body);
};`,
      errors: [
        {
          messageId: "silentReturn",
          data: { name: "handler" },
          suggestions: [
            {
              messageId: "suggestLog",
              output: `const handler = async (req: Request): Promise<void> => {
  const body = await req.json();
  if (body.items === undefined || body.items.length === 0 || body.dryRun === true) { logger.warning("handler_skipped", { reason: "body.items === undefined || body.item..." }); return; }
  await save(body);
};`,
            },
          ],
        },
      ],
    },
    {
      // nested in a loop, with work after the loop; the logger variable is found
      code: `const requestLog = getLogger("http").bind({ id: 1 });
async function process(items: Item[]): Promise<void> {
  for (const item of items) {
    if (item.skip) return void 0;
    await handle(item);
  }
  await flush();
  done();
}`,
      errors: [
        {
          messageId: "silentReturn",
          suggestions: [
            {
              messageId: "suggestLog",
              output: `const requestLog = getLogger("http").bind({ id: 1 });
async function process(items: Item[]): Promise<void> {
  for (const item of items) {
    if (item.skip) { requestLog.warning("process_skipped", { reason: "item_skip" }); return void 0; }
    await handle(item);
  }
  await flush();
  done();
}`,
            },
          ],
        },
      ],
    },
    {
      // an else-if guard, inside a method of an exported class, with functions: "exported"
      code: `export class Repo {
  async save(user: User): Promise<void> {
    if (user.deleted) {
      throw new Error("deleted");
    } else if (!user.email) {
      return;
    }
    await this.db.put(user);
    this.emit("saved", user);
  }
}`,
      options: [{ functions: "exported" }],
      errors: [
        {
          messageId: "silentReturn",
          data: { name: "save" },
          line: 6,
          suggestions: [
            {
              messageId: "suggestLog",
              output: `export class Repo {
  async save(user: User): Promise<void> {
    if (user.deleted) {
      throw new Error("deleted");
    } else if (!user.email) {
      logger.warning("save_skipped", { reason: "user_email_missing" });
      return;
    }
    await this.db.put(user);
    this.emit("saved", user);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // a logger call elsewhere in the function does not explain this return
      code: `${LOGGER}export async function charge(orderId: string): Promise<void> {
  log.info("charge_started", { order_id: orderId });
  const order = await orders.get(orderId);
  if (order?.paid) return;
  await payments.charge(order);
}`,
      options: [{ functions: "async" }],
      errors: [
        {
          messageId: "silentReturn",
          line: 5,
          suggestions: [
            {
              messageId: "suggestLog",
              output: `${LOGGER}export async function charge(orderId: string): Promise<void> {
  log.info("charge_started", { order_id: orderId });
  const order = await orders.get(orderId);
  if (order?.paid) { log.warning("charge_skipped", { reason: "order_paid" }); return; }
  await payments.charge(order);
}`,
            },
          ],
        },
      ],
    },
    {
      // the condition calls something: not a state guard even when it reads \`this\`
      code: `class Cache {
  refresh(key: string): void {
    if (!this.has(key)) return;
    this.drop(key);
    this.load(key);
  }
}`,
      errors: [
        {
          messageId: "silentReturn",
          data: { name: "refresh" },
          suggestions: [
            {
              messageId: "suggestLog",
              output: `class Cache {
  refresh(key: string): void {
    if (!this.has(key)) { logger.warning("refresh_skipped", { reason: "key_not_found" }); return; }
    this.drop(key);
    this.load(key);
  }
}`,
            },
          ],
        },
      ],
    },
    {
      // a function expression callback; two guards, two reports
      code: `app.post("/answers", async function saveHandler(req: Req, res: Res) {
  const user = await auth(req);
  if (!user) return;
  const answer = parse(req.body);
  if (answer === null) return;
  await store(answer);
  res.send(204);
});`,
      errors: [
        {
          messageId: "silentReturn",
          line: 3,
          suggestions: [
            {
              messageId: "suggestLog",
              output: `app.post("/answers", async function saveHandler(req: Req, res: Res) {
  const user = await auth(req);
  if (!user) { logger.warning("save_handler_skipped", { reason: "user_missing" }); return; }
  const answer = parse(req.body);
  if (answer === null) return;
  await store(answer);
  res.send(204);
});`,
            },
          ],
        },
        {
          messageId: "silentReturn",
          line: 5,
          suggestions: [
            {
              messageId: "suggestLog",
              output: `app.post("/answers", async function saveHandler(req: Req, res: Res) {
  const user = await auth(req);
  if (!user) return;
  const answer = parse(req.body);
  if (answer === null) { logger.warning("save_handler_skipped", { reason: "answer_missing" }); return; }
  await store(answer);
  res.send(204);
});`,
            },
          ],
        },
      ],
    },
    {
      // allowComment: false; a comment two lines above does not count either way
      code: `async function sync(id: string): Promise<void> {
  const row = await load(id);
  if (!row) return; // deleted concurrently
  await push(row);
}`,
      options: [{ allowComment: false }],
      errors: [
        {
          messageId: "silentReturn",
          suggestions: [
            {
              messageId: "suggestLog",
              output: `async function sync(id: string): Promise<void> {
  const row = await load(id);
  if (!row) { logger.warning("sync_skipped", { reason: "row_missing" }); return; } // deleted concurrently
  await push(row);
}`,
            },
          ],
        },
      ],
    },
    {
      code: `async function sync(id: string): Promise<void> {
  // load the row

  const row = await load(id);
  if (!row) return;
  await push(row);
}`,
      errors: [
        {
          messageId: "silentReturn",
          suggestions: [
            {
              messageId: "suggestLog",
              output: `async function sync(id: string): Promise<void> {
  // load the row

  const row = await load(id);
  if (!row) { logger.warning("sync_skipped", { reason: "row_missing" }); return; }
  await push(row);
}`,
            },
          ],
        },
      ],
    },
    {
      // ignoreSmallFunctions: 0 checks every function
      code: `function first(items: string[]): void {
  if (items.length === 0) return;
  use(items[0]);
}`,
      options: [{ ignoreSmallFunctions: 0 }],
      errors: [
        {
          messageId: "silentReturn",
          suggestions: [
            {
              messageId: "suggestLog",
              output: `function first(items: string[]): void {
  if (items.length === 0) { logger.warning("first_skipped", { reason: "items_empty" }); return; }
  use(items[0]);
}`,
            },
          ],
        },
      ],
    },
  ],
});
