// Node.js features some tests need that not every supported Node.js has: a test that needs one
// skips, saying which Node.js it needs, on the Node.js without it.

import * as nodeModule from "node:module";

/** `module.registerHooks` (synchronous, in-thread resolve hooks) arrived in Node.js 22.15. */
export const NEEDS_REGISTER_HOOKS: string | false =
  typeof (nodeModule as { registerHooks?: unknown }).registerHooks === "function"
    ? false
    : `needs module.registerHooks (Node.js 22.15 or later); this is ${process.version}`;
