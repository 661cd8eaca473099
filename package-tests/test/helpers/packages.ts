// What the package tests share: the Node.js binaries they run on, packing a workspace package,
// and running commands with the environment a user's shell would have (no npm_* variables of the
// npm process running these tests, which would leak this workspace into the user's project).

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoDir = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

/** The oldest supported Node.js (package-tests' own devDependency) and the workspace's Node.js 24. */
export const NODE_BINARIES = {
  "Node.js 22.13": join(repoDir, "package-tests", "node_modules", ".bin", "node"),
  "Node.js 24": join(repoDir, "node_modules", ".bin", "node"),
} as const;

/** `process.env` without npm's per-script variables, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toLowerCase().startsWith("npm_") && name !== "NODE_OPTIONS" && name !== "INIT_CWD") env[name] = value;
  }
  return { ...env, ...extra };
}

interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Return the output of a non-zero exit instead of throwing (a linter reporting findings). */
  allowFailure?: boolean;
}

/** Runs a command to its end; throws with its output when it fails. */
export function run(command: string, args: readonly string[], options: RunOptions): { stdout: string; stderr: string } {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? cleanEnv(),
    encoding: "utf8",
    timeout: 180_000,
  });
  if (result.error !== undefined) throw result.error;
  if (result.status !== 0 && options.allowFailure !== true) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${result.status}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`,
    );
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

/** Packs a workspace package (`packages/<name>`) into `destination`; returns the tarball's path. */
export function packPackage(packageDir: string, destination: string): string {
  const output = execFileSync("npm", ["pack", "--json", "--pack-destination", destination], {
    cwd: join(repoDir, packageDir),
    env: cleanEnv(),
    encoding: "utf8",
  });
  const [packed] = JSON.parse(output) as Array<{ filename: string }>;
  if (packed === undefined) throw new Error(`npm pack printed no tarball for ${packageDir}`);
  return join(destination, packed.filename);
}

/** The workspace's own version of a package, so that installing it is served from npm's cache. */
export function workspaceVersion(name: string): string {
  return (JSON.parse(readFileSync(join(repoDir, "node_modules", name, "package.json"), "utf8")) as { version: string })
    .version;
}

/**
 * A new project in the system's temporary directory, outside the workspace, with the packed
 * `packages` (workspace folders) and `peers` (at the workspace's versions) installed.
 */
export function strangerProject(packages: readonly string[], peers: readonly string[] = []): string {
  const project = mkdtempSync(join(tmpdir(), "sightline-stranger-"));
  const tarballs = packages.map((dir) => packPackage(dir, project));
  writeFileSync(join(project, "package.json"), JSON.stringify({ name: "stranger", private: true, type: "module" }));
  const versions = peers.map((name) => `${name}@${workspaceVersion(name)}`);
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", ...tarballs, ...versions], { cwd: project });
  return project;
}
