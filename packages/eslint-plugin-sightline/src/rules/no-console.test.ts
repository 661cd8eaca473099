import { runRule } from "../../test/rule-tester.ts";
import rule from "./no-console.ts";

runRule("no-console", rule, {
  valid: [
    'log.info("server_started", { port });',
    // a local console is not the global one
    "function f(console: Console) { console.log('x'); }",
    "const console = makeConsole(); console.log('x');",
    { code: "console.table(rows);", options: [{ allow: ["table"] }] },
    "myConsole.log('x');",
  ],
  invalid: [
    {
      code: 'console.log("Server started", port);',
      errors: [
        {
          messageId: "useLogger",
          data: { method: "log" },
          suggestions: [
            {
              messageId: "suggestLogger",
              data: { call: 'logger.info("server_started", { port })' },
              output: 'logger.info("server_started", { port });',
            },
          ],
        },
      ],
    },
    {
      code: 'const log = getLogger("app");\nconsole.warn("Disk almost full");',
      errors: [
        {
          messageId: "useLogger",
          suggestions: [
            { messageId: "suggestLogger", output: 'const log = getLogger("app");\nlog.warning("disk_almost_full");' },
          ],
        },
      ],
    },
    {
      code: "console.error(err);",
      errors: [
        {
          messageId: "useLogger",
          data: { method: "error" },
          suggestions: [{ messageId: "suggestLogger", output: 'logger.error("todo_event_name", { err });' }],
        },
      ],
    },
    {
      code: "console.info(`user ${user.id} created`, user.email);",
      errors: [
        {
          messageId: "useLogger",
          suggestions: [
            {
              messageId: "suggestLogger",
              output: 'logger.info("todo_event_name", { value_1: `user ${user.id} created`, user_email: user.email });',
            },
          ],
        },
      ],
    },
    {
      code: "console.debug('cache', ...entries);",
      errors: [
        {
          messageId: "useLogger",
          suggestions: [{ messageId: "suggestLogger", output: 'logger.debug("cache", { value_1: [...entries] });' }],
        },
      ],
    },
    {
      code: "class Worker { private readonly log = getLogger('w'); run(): void { console.trace('tick'); } }",
      errors: [
        {
          messageId: "useLogger",
          suggestions: [
            {
              messageId: "suggestLogger",
              output:
                "class Worker { private readonly log = getLogger('w'); run(): void { this.log.debug(\"tick\"); } }",
            },
          ],
        },
      ],
    },
    {
      // no logger level for table(): reported without a suggestion
      code: "console.table(rows);",
      errors: [{ messageId: "useLogger", data: { method: "table" }, suggestions: [] }],
    },
    {
      code: "console.log();",
      errors: [
        {
          messageId: "useLogger",
          suggestions: [{ messageId: "suggestLogger", output: 'logger.info("todo_event_name");' }],
        },
      ],
    },
    {
      code: "(console as Console).warn('x' as string);",
      errors: [
        { messageId: "useLogger", suggestions: [{ messageId: "suggestLogger", output: 'logger.warning("x");' }] },
      ],
    },
  ],
});
