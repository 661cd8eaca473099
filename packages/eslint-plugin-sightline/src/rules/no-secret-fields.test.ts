import { runRule } from "../../test/rule-tester.ts";
import rule from "./no-secret-fields.ts";

runRule("no-secret-fields", rule, {
  valid: [
    'log.info("user_logged_in", { user_id: userId, method: "password" });',
    'log.info("login", { has_mfa: true, attempts });',
    // allowed keys
    { code: 'log.info("completion", { token_count: 42 });', options: [{ allow: ["token_count"] }] },
    { code: 'log.info("completion", { tokenCount: 42 });', options: [{ allow: ["token_count"] }] },
    // not a log call
    "db.insert({ password: hash });",
    "res.cookie('session', id, { httpOnly: true });",
    // computed keys are unknown
    'log.info("x", { [key]: value });',
    // words inside words do not match: "tokenizer" is not "token"
    'log.info("parsed", { tokenizer: "bpe", passwordless: true });',
  ],
  invalid: [
    {
      code: 'log.info("user_logged_in", { user_id: userId, password });',
      errors: [
        {
          messageId: "secretField",
          data: { key: "password", secret: "password" },
          suggestions: [
            {
              messageId: "suggestRemove",
              data: { key: "password" },
              output: 'log.info("user_logged_in", { user_id: userId });',
            },
          ],
        },
      ],
    },
    {
      code: 'log.info("connect", { db_password: pw, host });',
      errors: [
        {
          messageId: "secretField",
          data: { key: "db_password", secret: "password" },
          suggestions: [{ messageId: "suggestRemove", output: 'log.info("connect", { host });' }],
        },
      ],
    },
    {
      code: 'logger.debug("call", { apiKey: key });',
      errors: [
        {
          messageId: "secretField",
          data: { key: "apiKey", secret: "api_key" },
          suggestions: [{ messageId: "suggestRemove", output: 'logger.debug("call", {  });' }],
        },
      ],
    },
    {
      code: 'log.info("request", { headers: { "X-Api-Key": k, Authorization: auth } });',
      errors: [
        {
          messageId: "secretField",
          data: { key: "X-Api-Key", secret: "api_key" },
          suggestions: [
            { messageId: "suggestRemove", output: 'log.info("request", { headers: { Authorization: auth } });' },
          ],
        },
        {
          messageId: "secretField",
          data: { key: "Authorization", secret: "authorization" },
          suggestions: [
            { messageId: "suggestRemove", output: 'log.info("request", { headers: { "X-Api-Key": k } });' },
          ],
        },
      ],
    },
    {
      code: 'log.info("tokens", { sessionIds: ids, refresh_tokens: [] });',
      errors: [
        {
          messageId: "secretField",
          data: { key: "sessionIds", secret: "session" },
          suggestions: [{ messageId: "suggestRemove", output: 'log.info("tokens", { refresh_tokens: [] });' }],
        },
        {
          messageId: "secretField",
          data: { key: "refresh_tokens", secret: "token" },
          suggestions: [{ messageId: "suggestRemove", output: 'log.info("tokens", { sessionIds: ids });' }],
        },
      ],
    },
    {
      // in arrays of objects, through `as const`
      code: 'log.info("batch", { users: [{ id, PASSWORD: p }] } as const);',
      errors: [
        {
          messageId: "secretField",
          data: { key: "PASSWORD", secret: "password" },
          suggestions: [{ messageId: "suggestRemove", output: 'log.info("batch", { users: [{ id }] } as const);' }],
        },
      ],
    },
    {
      // token_count matches until it is allowed
      code: 'log.info("completion", { token_count: 42 });',
      errors: [
        {
          messageId: "secretField",
          data: { key: "token_count", secret: "token" },
          suggestions: [{ messageId: "suggestRemove", output: 'log.info("completion", {  });' }],
        },
      ],
    },
    {
      // bound fields, pino child fields, exception fields
      code: 'const reqLog = log.bind({ jwt: token }); logger.child({ cookie }); log.exception("x", e, { clientSecret: s });',
      errors: [
        {
          messageId: "secretField",
          data: { key: "jwt", secret: "jwt" },
          suggestions: [
            {
              messageId: "suggestRemove",
              output:
                'const reqLog = log.bind({  }); logger.child({ cookie }); log.exception("x", e, { clientSecret: s });',
            },
          ],
        },
        {
          messageId: "secretField",
          data: { key: "cookie", secret: "cookie" },
          suggestions: [
            {
              messageId: "suggestRemove",
              output:
                'const reqLog = log.bind({ jwt: token }); logger.child({  }); log.exception("x", e, { clientSecret: s });',
            },
          ],
        },
        {
          messageId: "secretField",
          data: { key: "clientSecret", secret: "client_secret" },
          suggestions: [
            {
              messageId: "suggestRemove",
              output: 'const reqLog = log.bind({ jwt: token }); logger.child({ cookie }); log.exception("x", e, {  });',
            },
          ],
        },
      ],
    },
    {
      // pino style: fields first
      code: "this.logger.warn({ user, privateKey }, 'signing');",
      errors: [
        {
          messageId: "secretField",
          data: { key: "privateKey", secret: "private_key" },
          suggestions: [{ messageId: "suggestRemove", output: "this.logger.warn({ user }, 'signing');" }],
        },
      ],
    },
    {
      // extra keys from the options
      code: 'log.info("card", { cardNumber: n, cvv });',
      options: [{ keys: ["card_number", "cvv"] }],
      errors: [
        {
          messageId: "secretField",
          data: { key: "cardNumber", secret: "card_number" },
          suggestions: [{ messageId: "suggestRemove", output: 'log.info("card", { cvv });' }],
        },
        {
          messageId: "secretField",
          data: { key: "cvv", secret: "cvv" },
          suggestions: [{ messageId: "suggestRemove", output: 'log.info("card", { cardNumber: n });' }],
        },
      ],
    },
    {
      code: 'log.info("x", { ["bearer"]: b, "set-cookie": c });',
      errors: [
        {
          messageId: "secretField",
          data: { key: "bearer", secret: "bearer" },
          suggestions: [{ messageId: "suggestRemove", output: 'log.info("x", { "set-cookie": c });' }],
        },
        {
          messageId: "secretField",
          data: { key: "set-cookie", secret: "set_cookie" },
          suggestions: [{ messageId: "suggestRemove", output: 'log.info("x", { ["bearer"]: b });' }],
        },
      ],
    },
  ],
});
