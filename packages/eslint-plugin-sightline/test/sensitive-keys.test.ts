// src/redact/ holds generated copies of Sightline's sensitive-key list and key matcher: a change
// to the library's files fails here until `npm run sync-sensitive-keys` brings the plugin along,
// and the rule's page until it lists the new keys.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { DEFAULT_SENSITIVE_KEYS } from "../src/redact/defaults.ts";
import { COPIED_FILES, sensitiveKeysCopy } from "../scripts/sensitive-keys.ts";

const read = (path: string) => readFileSync(new URL(`../${path}`, import.meta.url), "utf8");

describe("src/redact", () => {
  for (const file of COPIED_FILES) {
    it(`${file} is the library's current file (npm run sync-sensitive-keys)`, () => {
      assert.equal(read(`src/redact/${file}`), sensitiveKeysCopy(file));
    });
  }

  it("docs/rules/no-secret-fields.md lists the default keys, in order", () => {
    const doc = read("docs/rules/no-secret-fields.md").replace(/\s+/g, " ");
    const list = /redacts by default: (.*?), plus the `keys` option/.exec(doc)?.[1] ?? "";
    assert.deepEqual(
      [...list.matchAll(/`([^`]+)`/g)].map((match) => match[1]),
      DEFAULT_SENSITIVE_KEYS,
    );
  });
});
