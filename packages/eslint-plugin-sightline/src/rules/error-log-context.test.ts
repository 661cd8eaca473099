import { runRule } from "../../test/rule-tester.ts";
import rule from "./error-log-context.ts";

runRule("error-log-context", rule, {
  valid: [
    // the source document's good example, in Sightline's API
    `try {
  await riskyOperation(userId, assessmentId);
} catch (e) {
  log.exception("risky_operation_failed", e, { user_id: userId, assessment_id: assessmentId });
  throw e;
}`,
    // error_type / error_message derived from the error count as passing it
    `try { await op(); } catch (e) {
  log.error("op_failed", { user_id: userId, error_type: (e as Error).name, error_message: String(e) });
}`,
    "try { await op(); } catch (err) { logger.error({ err, orderId }, 'order failed'); }",
    "try { await op(); } catch (error: unknown) { log.critical('db_down', { error, host }); }",
    // a local made from the error is the error
    `try { await op(); } catch (e) {
  const err = ensureError(e);
  log.error("op_failed", { message: err.message, job_id: job.id });
}`,
    // a fields variable is trusted to carry context
    "try { await op(); } catch (e) { log.exception('op_failed', e, fields); }",
    "try { await op(); } catch (e) { log.error('op_failed', { error: e, ...context }); }",
    // info and warning logs are not error logs
    "try { await op(); } catch (e) { log.warning('op_retried'); }",
    "try { await op(); } catch { log.info('cache_miss'); }",
    // outside a catch there is no caught error
    "log.error('config_invalid', { key });",
    "function f() { log.error('config_invalid'); }",
    // a promise's catch callback
    "op().catch((error) => log.error('op_failed', { error, id }));",
    // not a logger
    "try { await op(); } catch (e) { res.error('failed'); }",
    // methods option: only exception is checked
    {
      code: "try { await op(); } catch (e) { log.error('op_failed'); }",
      options: [{ methods: ["exception"] }],
    },
    // a nested catch checks against its own error
    `try { await a(); } catch (outer) {
  try { await b(); } catch (inner) { log.error("b_failed", { error: inner, step: "b" }); }
  throw outer;
}`,
  ],
  invalid: [
    {
      // the source document's bad example
      code: "try { await riskyOperation(); } catch (e) { logger.error(`Operation failed: ${e}`); throw e; }",
      errors: [{ messageId: "missingContext" }],
    },
    {
      code: "try { await op(); } catch (e) { log.error('op_failed', { user_id: userId }); }",
      errors: [{ messageId: "missingError", data: { name: "e" } }],
    },
    {
      code: "try { await op(); } catch (e) { log.exception('op_failed', e); }",
      errors: [{ messageId: "missingContext" }],
    },
    {
      code: "try { await op(); } catch (error) { this.logger.error(error); }",
      errors: [{ messageId: "missingContext" }],
    },
    {
      code: "try { await op(); } catch (err) { log.error('op_failed', { error: err, message: err.message }); }",
      errors: [{ messageId: "missingContext" }],
    },
    {
      code: "try { await op(); } catch { log.error('op_failed', { id }); }",
      errors: [{ messageId: "unboundError" }],
    },
    {
      code: "op().catch(() => log.error('op_failed', { id }));",
      errors: [{ messageId: "unboundError" }],
    },
    {
      code: "op().catch((error: Error) => { log.fatal('op_failed', { id }); });",
      errors: [{ messageId: "missingError", data: { name: "error" } }],
    },
    {
      // destructured binding: any of its names counts
      code: "try { await op(); } catch ({ message }) { log.error('op_failed', { message }); }",
      errors: [{ messageId: "missingContext" }],
    },
    {
      // a callback inside the catch still belongs to it
      code: "try { await op(); } catch (e) { setImmediate(() => log.error('late', { id })); }",
      errors: [{ messageId: "missingError" }],
    },
    {
      // two lines, each missing half
      code: `try { listener(ctx); } catch (e) {
  this.logger.error("listener_failed");
  this.logger.error(e);
}`,
      errors: [
        { messageId: "missingError", line: 2 },
        { messageId: "missingContext", line: 3 },
      ],
    },
    {
      code: "try { await op(); } catch (e) { log.critical('op_failed', e as Error); }",
      errors: [{ messageId: "missingContext" }],
    },
    {
      // the outer error in an inner catch is not the inner error
      code: `try { await a(); } catch (outer) {
  try { await b(); } catch (inner) { log.error("b_failed", { error: outer, step: "b" }); }
}`,
      errors: [{ messageId: "missingError", data: { name: "inner" } }],
    },
  ],
});
