#!/usr/bin/env node
// Runs the whole test suite (every package and example, from sources) and prints the
// summary line CI reads: "N passed, N failed" (", N skipped").
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const out = '.vitest-results.json';
rmSync(out, { force: true });
const args = [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${out}`,
  ...process.argv.slice(2),
];
// vitest runs two test files at once on our 2-core machines: one wasm thread each, unless asked
const env = { ...process.env, ALIGNDET_WASM_THREADS: process.env.ALIGNDET_WASM_THREADS ?? '1' };
const run = spawnSync('npx', args, { stdio: 'inherit', env });
let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests ?? 0;
  failed = (r.numFailedTests ?? 0) + (r.numFailedTestSuites ?? 0);
  skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
}
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(run.status === 0 && failed === 0 && passed > 0 ? 0 : 1);
