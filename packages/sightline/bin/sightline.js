#!/usr/bin/env node
// The `sightline` command. A committed file because npm links a workspace's bin only if it
// exists at install time, before `prepare` has built dist/.
import "../dist/cli/main.js";
