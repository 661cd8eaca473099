// The RuleTester every rule test uses: typescript-eslint's, wired to node:test.

import { after, describe, it } from "node:test";
import { RuleTester, type RunTests } from "@typescript-eslint/rule-tester";
import type { TSESLint } from "@typescript-eslint/utils";

RuleTester.afterAll = after;
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester();

/**
 * Runs a rule's cases. The rule tester may ship its own copy of @typescript-eslint/utils (it
 * pins an exact version), whose classes TypeScript does not unify with ours; the cases keep their
 * types through `RunTests`.
 */
export function runRule<MessageId extends string, Options extends readonly unknown[]>(
  name: string,
  rule: TSESLint.RuleModule<MessageId, Options, unknown>,
  tests: RunTests<MessageId, Options>,
): void {
  tester.run(name, rule as never, tests);
}
