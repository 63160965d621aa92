#!/usr/bin/env node
// The `aligndet` command. A committed file (not dist/cli.js itself) so npm links the command at
// install time in a fresh checkout, before the build has written dist/.
import '../dist/cli.js';
