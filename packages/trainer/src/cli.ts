#!/usr/bin/env node
console.error('not yet');
process.exit(1);
