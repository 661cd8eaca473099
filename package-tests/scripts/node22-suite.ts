// Runs the published packages' own test suites on the oldest Node.js they support (#16), so that
// `engines` is a promise CI keeps. Node.js 22 runs .ts only with --experimental-strip-types; it goes
// in NODE_OPTIONS so that the child processes the suites start get it too.

import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { NODE_BINARIES, cleanEnv, repoDir } from "../test/helpers/packages.ts";

const node = NODE_BINARIES["Node.js 22.13"];
const suites = [
  { dir: "packages/sightline", args: ["--conditions=sightline:source"] },
  { dir: "packages/eslint-plugin-sightline", args: [] },
];

const env = cleanEnv({ NODE_OPTIONS: "--experimental-strip-types --disable-warning=ExperimentalWarning" });
let failed = 0;
for (const suite of suites) {
  console.log(`\n# ${suite.dir} on Node.js 22.13`);
  const result = spawnSync(
    node,
    [...suite.args, "--test", "--test-reporter=spec", "src/**/*.test.ts", "test/**/*.test.ts"],
    { cwd: join(repoDir, suite.dir), env, stdio: "inherit" },
  );
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0) {
    console.error(`${suite.dir}: the suite failed on Node.js 22.13 (exit ${result.status ?? result.signal})`);
    failed += 1;
  }
}
process.exitCode = failed === 0 ? 0 : 1;
