#!/usr/bin/env node
// Runs the whole test suite (every package and example, from sources), then the browser suite
// (tools/browser-tests/run.mjs: the packages in headless chromium on every backend that starts
// there; without a chromium it is one visible excluded line, counted), and prints the summary
// line CI reads: "N passed, N failed" (", N skipped"). ALIGNDET_BROWSER_TESTS=0 leaves the
// browser suite out (also counted as excluded).
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

// the browser suites: the packages' (tools/browser-tests/run.mjs, summary line "browser tests: N
// passed, N failed, N excluded") and the web example's (examples/web/test/browser.mjs, "web example:
// N passed, …"); each says one EXCLUDED line when there is no chromium
let browserOk = true;
const BROWSER_SUITES = [
  { script: 'tools/browser-tests/run.mjs', prefix: 'browser' },
  { script: 'examples/web/test/browser.mjs', prefix: 'web example' },
];
if (process.env.ALIGNDET_BROWSER_TESTS === '0') {
  console.log('browser: EXCLUDED: ALIGNDET_BROWSER_TESTS=0');
  skipped++;
} else {
  for (const { script, prefix } of BROWSER_SUITES) {
    const b = spawnSync(process.execPath, [script], { encoding: 'utf8', env });
    process.stdout.write(b.stdout ?? '');
    process.stderr.write(b.stderr ?? '');
    const summary = new RegExp(`${prefix}(?: tests)?: (\\d+) passed, (\\d+) failed, (\\d+) excluded`);
    const m = summary.exec(b.stdout ?? '');
    if (m) {
      passed += Number(m[1]);
      failed += Number(m[2]);
      skipped += Number(m[3]);
    } else if (new RegExp(`${prefix}: EXCLUDED`).test(b.stdout ?? '')) {
      skipped++;
    } else {
      failed++;
    }
    browserOk &&= b.status === 0;
  }
}
console.log(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(run.status === 0 && browserOk && failed === 0 && passed > 0 ? 0 : 1);
