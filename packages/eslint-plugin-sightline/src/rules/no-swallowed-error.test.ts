import { runRule } from "../../test/rule-tester.ts";
import rule from "./no-swallowed-error.ts";

runRule("no-swallowed-error", rule, {
  valid: [
    "try { await op(); } catch (e) { throw e; }",
    "try { await op(); } catch (e) { if (isRetryable(e)) return retry(); throw e; }",
    "try { await op(); } catch (e) { log.exception('op_failed', e, { id }); }",
    "try { await op(); } catch (e) { logger.warn({ err: e }, 'op failed'); }",
    "try { await op(); } catch (e) { captureException(e); }",
    "try { await op(); } catch (e) { Sentry.captureException(e); }",
    // a metric named in the settings
    {
      code: "try { await op(); } catch { failures.inc({ op: 'x' }); }",
      settings: { sightline: { metrics: ["failures", "*Total"] } },
    },
    "const failures = new Counter({ name: 'f', help: 'h' }); try { await op(); } catch { failures.inc(); }",
    "try { await op(); } catch (e) { console.error(e); }",
    // passed on: to a callback, a promise, a response, a store
    "try { await op(); } catch (err) { next(err); }",
    "new Promise((resolve, reject) => { try { resolve(op()); } catch (e) { reject(e); } });",
    "try { await op(); } catch (e) { res.status(500).json({ error: (e as Error).message }); }",
    "try { await op(); } catch (e) { lastError = e; }",
    "try { await op(); } catch (e) { errors.push(e); }",
    "try { await op(); } catch (e) { this.emit('error', e); }",
    // a value made from the error is returned
    "function f() { try { return op(); } catch (e) { return { ok: false, error: e }; } }",
    "function f() { try { return op(); } catch (e) { return `failed: ${e}`; } }",
    "function f() { try { return op(); } catch (e) { const err = toError(e); return err; } }",
    "async function f() { try { return await op(); } catch (e) { return e instanceof Error ? e.message : String(e); } }",
    // a comment says why (allowComment)
    "try { await op(); } catch { /* best effort: the cache is rebuilt on the next request */ }",
    `try { return JSON.parse(text); } catch {
  // not JSON: the caller treats undefined as "no body"
  return undefined;
}`,
    // promise catch callbacks that handle the error
    "op().catch((e) => log.error('op_failed', { error: e, id }));",
    "op().catch(next);",
    "op().catch((err: Error) => reply.code(500).send(err));",
    // not a promise catch: more than one argument
    "thing.catch(() => {}, options);",
  ],
  invalid: [
    { code: "try { await op(); } catch (e) {}", errors: [{ messageId: "swallowed", line: 1, column: 21 }] },
    { code: "try { await op(); } catch {}", errors: [{ messageId: "swallowed" }] },
    {
      code: "function isJson(text: string): boolean { try { JSON.parse(text); return true; } catch { return false; } }",
      errors: [{ messageId: "swallowed" }],
    },
    {
      // unrelated work only
      code: "try { this.websocket.ping(); } catch (error) { this.close(ConnectionTimeout); }",
      errors: [{ messageId: "swallowed" }],
    },
    {
      // reading the error to decide is not handling it
      code: "try { await fs.unlink(p); } catch (e) { if ((e as NodeJS.ErrnoException).code === 'ENOENT') return; }",
      errors: [{ messageId: "swallowed" }],
    },
    {
      // a comment after the work does not explain the catch
      code: "try { await op(); } catch (e) { cleanup(); /* ignore */ }",
      errors: [{ messageId: "swallowed" }],
    },
    {
      code: "try { await op(); } catch (e) { /* ignore */ }",
      options: [{ allowComment: false }],
      errors: [{ messageId: "swallowed", data: { comment: "" } }],
    },
    { code: "op().catch(() => {});", errors: [{ messageId: "swallowed" }] },
    { code: "op().catch(() => null);", errors: [{ messageId: "swallowed" }] },
    { code: "op().catch(function () { return undefined; });", errors: [{ messageId: "swallowed" }] },
    { code: "op().catch((_e: unknown) => { cleanup(); });", errors: [{ messageId: "swallowed" }] },
    {
      // both catches drop their error
      code: "try { a(); } catch (outer) { try { b(); } catch { return; } }",
      errors: [
        { messageId: "swallowed", column: 14 },
        { messageId: "swallowed", column: 43 },
      ],
    },
  ],
});
