#!/usr/bin/env node
// The `sightline` command (package.json "bin"). One command so far: `sightline errors`, which
// reads the embedded error store (errors-command.ts).

import { readFileSync } from "node:fs";
import { errorsCommand, type CommandIo } from "./errors-command.ts";

const USAGE = `Usage: sightline <command> [options]

Commands:
  errors              list the error groups of the embedded store, newest first
  errors show <id>    print one event: exception chain, stack frames, breadcrumbs

Options:
  -h, --help          show this help
  -v, --version       print the version of sightline

Run "sightline errors --help" for the options of a command.
`;

/** The installed package's version: src/cli and dist/cli are both two levels below it. */
function version(): string {
  const manifest = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

/** Runs the command line `argv` (without node and the script); returns the exit code. */
function main(argv: readonly string[], io: CommandIo): number {
  const [command, ...rest] = argv;
  if (command === undefined || command === "--help" || command === "-h" || command === "help") {
    io.out(USAGE);
    return 0;
  }
  if (command === "--version" || command === "-v") {
    io.out(`${version()}\n`);
    return 0;
  }
  if (command === "errors") return errorsCommand(rest, io);
  io.err(`sightline: unknown command "${command}"\n\n${USAGE}`);
  return 2;
}

// `sightline errors | head` closes the pipe early: stop quietly instead of crashing on EPIPE
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code !== "EPIPE") throw error;
  process.exit(process.exitCode ?? 0);
});

process.exitCode = main(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  now: Date.now(),
});
