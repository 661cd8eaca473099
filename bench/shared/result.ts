// A child's one result line on stdout: RESULT_PREFIX, then a JSON object.

export const RESULT_PREFIX = "RESULT ";

/** What a child calls last. */
export function printResult(result: object): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}
