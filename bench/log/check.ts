// Checks one run's output file after the child has exited: the exact number of lines, JSON lines
// carrying the scenario's fields, and (d) no secret anywhere in the file.

import fs from "node:fs";
import { SECRETS, type Scenario } from "./scenarios.ts";

function countNewlines(bytes: Buffer): number {
  let count = 0;
  for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) count++;
  return count;
}

function checkLine(line: string, scenario: Scenario, where: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new Error(`${where} is not JSON: ${line.slice(0, 200)}`);
  }
  if (parsed === null || typeof parsed !== "object") throw new Error(`${where} is not a JSON object`);
  const missing = scenario.requiredKeys.filter((key) => !(key in parsed));
  if (missing.length > 0) throw new Error(`${where} lacks ${missing.join(", ")}: ${line.slice(0, 300)}`);
}

/** Throws, saying what is wrong, unless `file` holds exactly what the run should have written. */
export function checkOutput(file: string, scenario: Scenario, expectedLines: number): void {
  if (!fs.existsSync(file)) {
    if (expectedLines === 0) return;
    throw new Error(`no output file ${file}`);
  }
  const bytes = fs.readFileSync(file);
  const lines = countNewlines(bytes);
  if (lines !== expectedLines) throw new Error(`expected ${expectedLines} lines in ${file}, found ${lines}`);
  if (bytes.length > 0 && bytes[bytes.length - 1] !== 10) throw new Error(`${file} ends in a partial line`);
  if (expectedLines === 0) return;
  const firstEnd = bytes.indexOf(10);
  checkLine(bytes.toString("utf8", 0, firstEnd), scenario, "the first line");
  const lastStart = bytes.lastIndexOf(10, bytes.length - 2) + 1;
  checkLine(bytes.toString("utf8", lastStart, bytes.length - 1), scenario, "the last line");
  if (scenario.id === "d") {
    for (const [name, secret] of Object.entries(SECRETS)) {
      const at = bytes.indexOf(secret);
      if (at !== -1) throw new Error(`the ${name} secret is in ${file} at byte ${at}: redaction failed`);
    }
  }
}
