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
);
