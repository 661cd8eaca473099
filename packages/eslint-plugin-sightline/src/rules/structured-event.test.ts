import { runRule } from "../../test/rule-tester.ts";
import rule from "./structured-event.ts";

runRule("structured-event", rule, {
  valid: [
    'const log = getLogger("assessments"); log.info("assessment_started", { user_id: userId });',
    'log.error("answer_save_failed", { user_id: userId, error_type: "TypeError" });',
    'log.warning("rate_limit_approaching", { current, limit });',
    'log.critical("database_connection_failed", { host });',
    'log.debug("query_executed");',
    'log.exception("risky_operation_failed", error, { user_id: userId });',
    'logger.info("user_created", { id } satisfies Record<string, unknown>);',
    'this.logger.info("cache_warmed", { entries: cache.size });',
    'const requestLog = log.bind({ request_id: id }); requestLog.info("request_started");',
    'auditLogger.warn("login_failed", { user_id: id });',
    'getLogger("x").info("started");',
    // a logger variable by origin, whatever its name
    'const l = getLogger("x"); l.info("user_created");',
    'const child = log.child({ a: 1 }); child.info("child_event");',
    // constants are fine: a const string, an enum-like object, an upper-case member
    'const EVENT = "user_created"; log.info(EVENT, { id });',
    "log.info(Events.USER_CREATED, { id });",
    "log.info(EVENTS.created);",
    // not loggers, or not level methods
    "console.log(`hello ${name}`);",
    "telemetry.info(`free text ${x}`);",
    "log.setLevel(`debug`);",
    "Math.log(10);",
    // NestJS/winston `log(...)` takes a level or a message, not an event
    'this.logger.log("Starting up");',
    // a custom pattern
    {
      code: 'log.info("billing.invoice_paid");',
      options: [{ pattern: "^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*$" }],
    },
    // a logger found through settings
    {
      code: 'audit.info("user_created");',
      settings: { sightline: { loggers: ["audit"] } },
    },
    "function f(log: Logger): void { log.info('typed_event' as const); }",
    // a wrapper forwards the event its callers name
    "function report(event: string, problem: string): void { log.error(event, { problem }); }",
    "const fail = (failureEvent: string) => logger.warn(failureEvent);",
  ],
  invalid: [
    {
      code: "log.info(`User ${userId} started assessment ${assessmentId}`);",
      errors: [
        {
          messageId: "dynamicEvent",
          data: { kind: "template literal" },
          suggestions: [
            {
              messageId: "suggestFields",
              data: { name: "user_started_assessment", fields: "{ user_id: userId, assessment_id: assessmentId }" },
              output: 'log.info("user_started_assessment", { user_id: userId, assessment_id: assessmentId });',
            },
          ],
        },
      ],
    },
    {
      // fields already there: the values join them
      code: "log.error(`Failed to save answer: ${error.message}`, { user_id: userId });",
      errors: [
        {
          messageId: "dynamicEvent",
          suggestions: [
            {
              messageId: "suggestFields",
              data: { name: "failed_to_save_answer", fields: "{ error_message: error.message }" },
              output: 'log.error("failed_to_save_answer", { error_message: error.message, user_id: userId });',
            },
          ],
        },
      ],
    },
    {
      // fields in a variable are spread into a new object
      code: "log.info(`saved ${id}`, fields);",
      errors: [
        {
          messageId: "dynamicEvent",
          suggestions: [
            {
              messageId: "suggestFields",
              data: { name: "saved", fields: "{ id }" },
              output: 'log.info("saved", { ...fields, id });',
            },
          ],
        },
      ],
    },
    {
      // exception(event, error, fields): fields are the third argument
      code: "log.exception(`import ${file} failed`, err);",
      errors: [
        {
          messageId: "dynamicEvent",
          suggestions: [
            {
              messageId: "suggestFields",
              data: { name: "import_failed", fields: "{ file }" },
              output: 'log.exception("import_failed", err, { file });',
            },
          ],
        },
      ],
    },
    {
      code: "logger.warn('User ' + user.id + ' not found');",
      errors: [
        {
          messageId: "dynamicEvent",
          data: { kind: "string concatenation" },
          suggestions: [
            {
              messageId: "suggestFields",
              data: { name: "user_not_found", fields: "{ user_id: user.id }" },
              output: "logger.warn('user_not_found', { user_id: user.id });",
            },
          ],
        },
      ],
    },
    {
      code: 'logger.info("user %s bought %d items", userId, count);',
      errors: [
        {
          messageId: "dynamicEvent",
          data: { kind: "printf-style format string" },
          suggestions: [
            {
              messageId: "suggestFields",
              data: { name: "user_bought_items", fields: "{ user_id: userId, count }" },
              output: 'logger.info("user_bought_items", { user_id: userId, count });',
            },
          ],
        },
      ],
    },
    {
      code: 'log.info("User created");',
      errors: [
        {
          messageId: "notSnakeCase",
          data: { name: "User created", suggested: "user_created" },
          suggestions: [
            { messageId: "suggestRename", data: { name: "user_created" }, output: 'log.info("user_created");' },
          ],
        },
      ],
    },
    {
      code: "log.info('assessmentStarted', { id });",
      errors: [
        {
          messageId: "notSnakeCase",
          suggestions: [{ messageId: "suggestRename", output: "log.info('assessment_started', { id });" }],
        },
      ],
    },
    {
      code: 'this.logger.error("Payment-Failed!", { id });',
      errors: [
        {
          messageId: "notSnakeCase",
          suggestions: [{ messageId: "suggestRename", output: 'this.logger.error("payment_failed", { id });' }],
        },
      ],
    },
    {
      // no words at all: nothing to suggest
      code: 'log.info("!!!");',
      errors: [{ messageId: "notSnakeCase", suggestions: [] }],
    },
    {
      // a template literal without placeholders is fixed to a string literal
      code: "log.info(`user_created`, { id });",
      output: 'log.info("user_created", { id });',
      errors: [{ messageId: "plainString" }],
    },
    {
      code: "log.info(`User created`);",
      errors: [
        {
          messageId: "notSnakeCase",
          suggestions: [{ messageId: "suggestRename", output: 'log.info("user_created");' }],
        },
      ],
    },
    {
      // a constant split over lines is a name, not a run-time value; long names keep six words
      code: `logger.warn(
  'Gateway found two manual update configurations when only one should be ' +
    'provided. Gateway will default to using the provided supergraphSdl.',
);`,
      errors: [
        {
          messageId: "notSnakeCase",
          data: {
            name: "Gateway found two manual update configurations when only...",
            suggested: "gateway_found_two_manual_update_configurations",
          },
          suggestions: [
            {
              messageId: "suggestRename",
              output: `logger.warn(
  'gateway_found_two_manual_update_configurations',
);`,
            },
          ],
        },
      ],
    },
    {
      // pino style: fields first
      code: 'logger.info({ userId }, "user created");',
      errors: [
        {
          messageId: "fieldsFirst",
          suggestions: [
            {
              messageId: "suggestSwap",
              data: { name: "user_created" },
              output: 'logger.info("user_created", { userId });',
            },
          ],
        },
      ],
    },
    {
      code: "logger.info({ userId });",
      errors: [{ messageId: "fieldsFirst", suggestions: [] }],
    },
    {
      code: "logger.error(err);",
      errors: [{ messageId: "nonLiteralEvent", data: { kind: "the variable 'err'" } }],
    },
    {
      // a parameter that is not an event name
      code: "function onError(message: string): void { logger.error(message); }",
      errors: [{ messageId: "nonLiteralEvent", data: { kind: "the variable 'message'" } }],
    },
    {
      code: "logger.error(err.message);",
      errors: [{ messageId: "nonLiteralEvent", data: { kind: "a property value" } }],
    },
    {
      code: "logger.warn(getMessage());",
      errors: [{ messageId: "nonLiteralEvent", data: { kind: "a function result" } }],
    },
    {
      code: 'logger.info(util.format("%s started", name));',
      errors: [{ messageId: "dynamicEvent", data: { kind: "format()" } }],
    },
    {
      code: 'logger.info(["a", b].join(" "));',
      errors: [{ messageId: "dynamicEvent", data: { kind: "join()" } }],
    },
    {
      code: 'const message = "Something happened"; log.warning(message);',
      errors: [{ messageId: "notSnakeCase", data: { name: "Something happened", suggested: "something_happened" } }],
    },
    {
      code: "const message = `failed ${x}`; log.warning(message);",
      errors: [{ messageId: "nonLiteralEvent" }],
    },
    {
      code: "log.info((`count ${n}` as string));",
      errors: [
        {
          messageId: "dynamicEvent",
          suggestions: [{ messageId: "suggestFields", output: 'log.info(("count" as string), { n });' }],
        },
      ],
    },
    {
      code: 'log.info("a" + (b || c));',
      errors: [
        {
          messageId: "dynamicEvent",
          suggestions: [{ messageId: "suggestFields", output: 'log.info("a", { value_1: b || c });' }],
        },
      ],
    },
    {
      // a logger by origin, through bind() and child()
      code: 'const reqLog = getLogger("http").bind({ id }); reqLog.info(`got ${path}`);',
      errors: [
        {
          messageId: "dynamicEvent",
          suggestions: [
            {
              messageId: "suggestFields",
              output: 'const reqLog = getLogger("http").bind({ id }); reqLog.info("got", { path });',
            },
          ],
        },
      ],
    },
    {
      code: "class Service { private readonly out = getLogger('svc'); run(): void { this.out.info(`ran ${n}`); } }",
      errors: [
        {
          messageId: "dynamicEvent",
          suggestions: [
            {
              messageId: "suggestFields",
              output:
                "class Service { private readonly out = getLogger('svc'); run(): void { this.out.info(\"ran\", { n }); } }",
            },
          ],
        },
      ],
    },
    {
      code: "async function f(log: Logger): Promise<void> { log!.info(`loaded ${await g()}`); }",
      errors: [
        {
          messageId: "dynamicEvent",
          suggestions: [
            {
              messageId: "suggestFields",
              output: 'async function f(log: Logger): Promise<void> { log!.info("loaded", { value_1: await g() }); }',
            },
          ],
        },
      ],
    },
  ],
});
