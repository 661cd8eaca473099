// npm run sync-sensitive-keys: rewrites src/redact/ from Sightline's own redaction files
// (scripts/sensitive-keys.ts). Run it whenever the library's sensitive keys or matcher change.

import { mkdirSync, writeFileSync } from "node:fs";
import { COPIED_FILES, sensitiveKeysCopy } from "./sensitive-keys.ts";

const target = new URL("../src/redact/", import.meta.url);
mkdirSync(target, { recursive: true });

for (const file of COPIED_FILES) writeFileSync(new URL(file, target), sensitiveKeysCopy(file));
