// The layering of packages/sightline/src, checked in `npm test` (docs/architecture.md says why).
// A folder's `internal/` files are its own; `src/internal/` is the floor every folder stands on.

const SRC = "^packages/sightline/src/";

export default {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment: "A cycle (type-only ones too) means two modules cannot be understood or loaded apart.",
      from: { path: SRC },
      to: { circular: true },
    },
    {
      name: "internal-is-the-floor",
      severity: "error",
      comment: "src/internal/ imports nothing of Sightline above it.",
      from: { path: `${SRC}internal/` },
      to: { path: SRC, pathNot: `${SRC}internal/` },
    },
    {
      name: "adapters-use-the-core",
      severity: "error",
      comment:
        "An HTTP adapter translates one framework to http/core.ts; everything else it needs is a public entry point.",
      from: { path: `${SRC}http/adapters/` },
      to: { path: SRC, pathNot: [`${SRC}http/core\\.ts$`, `${SRC}[^/]+/index\\.ts$`, `${SRC}internal/`] },
    },
    {
      name: "no-foreign-internals",
      severity: "error",
      comment: "A folder's internal/ files are private to it.",
      from: { path: `${SRC}([^/]+)/` },
      to: { path: `${SRC}[^/]+/internal/`, pathNot: [`${SRC}$1/internal/`, `${SRC}internal/`] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["\\.test\\.ts$", "/dist/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "packages/sightline/tsconfig.json" },
    enhancedResolveOptions: {
      conditionNames: ["sightline:source", "import", "types", "default"],
      extensions: [".ts", ".js"],
    },
  },
};
