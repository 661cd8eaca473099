// Lint for every workspace. Type-aware rules stay off to keep `npm test` fast on small machines;
// tsc already checks types.
import js from "@eslint/js";
import tseslint from "typescript-eslint";
import sightline from "eslint-plugin-sightline";

export default tseslint.config(
  { ignores: ["**/node_modules/**", "**/dist/**", "bench/results/**", "**/.snippets-*/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.mjs"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        Buffer: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setImmediate: "readonly",
        SharedArrayBuffer: "readonly",
        Atomics: "readonly",
        globalThis: "readonly",
        URL: "readonly",
      },
    },
    rules: {
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-restricted-syntax": [
        "error",
        { selector: "ExportAllDeclaration", message: "List exports explicitly (STYLE.md 2)." },
        { selector: "TSEnumDeclaration", message: "Enums are not erasable syntax." },
      ],
      "no-control-regex": "off",
    },
  },
  {
    files: ["**/*.test.ts", "**/test/**/*.ts", "bench/**/*.ts"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  // The observability checklist, applied to the example services as a user would. The quickstart
  // logs a password and an authorization header on purpose, to show redaction, and prints with
  // console.log to show both output formats, so it is left out.
  {
    ...sightline.configs.recommended,
    files: ["examples/**/*.ts"],
    ignores: ["examples/quickstart/**"],
  },
  // The library's own source follows the checklist too, with two exceptions. Its early returns
  // are guards of idempotent lifecycle steps (a request already ended, a sink already closed),
  // not skipped business work. A flow's events are `<flow>_flow_started`, `_step`, `_completed`
  // by design (docs/flows.md), the flow name being the caller's constant.
  {
    ...sightline.configs.recommended,
    files: ["packages/sightline/src/**/*.ts"],
    ignores: ["**/*.test.ts"],
    rules: { ...sightline.configs.recommended.rules, "sightline/no-silent-early-return": "off" },
  },
  { files: ["packages/sightline/src/flow/flow.ts"], rules: { "sightline/structured-event": "off" } },
);
