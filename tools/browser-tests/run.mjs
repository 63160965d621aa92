#!/usr/bin/env node
// The browser suite: aligndet's packages in a real browser (Debian's chromium driven by
// playwright-core), on every backend that initialises headless.
//
// 1. bundles page.ts for the browser (sources, tfjs included: one tfjs-core) and node-reference.ts
//    for Node, which writes a checkpoint and Node's detections on a fixed image;
// 2. serves them twice: plain, and cross-origin isolated (COOP/COEP, so wasm can use threads);
// 3. opens one page per backend: cpu, wasm (1 thread), wasm (2 threads, isolated), webgl (headless
//    SwiftShader: a CPU emulation of a GPU), webgpu (only when navigator.gpu gives an adapter).
// Each check is a line `browser: <backend>: <check>: ok|FAILED …`; a backend that does not
// initialise is a visible excluded line with the reason. `--bench` times the hot paths instead and
// prints a markdown table (bench results are written to tools/browser-tests/results/).
// Exit code 1 when a check fails. Without a chromium: one excluded line (exit code 0) that
// tools/test.mjs counts.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { bundleForNode } from './bundle-node.mjs';
import { CHROMIUM, COMMON_FLAGS, SWIFTSHADER_WEBGL_FLAGS, SWIFTSHADER_WEBGPU_FLAGS } from './chromium.mjs';
import { serveStatic } from './static-server.mjs';

const here = fileURLToPath(new URL('.', import.meta.url));
const repo = resolve(here, '../..');
const benchMode = process.argv.includes('--bench');

if (!existsSync(CHROMIUM)) {
  console.log(
    `browser: EXCLUDED: no chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it)`,
  );
  process.exit(0);
}
const { chromium } = await import('playwright-core');

// inside the repo, so the Node reference resolves the repo's node_modules
mkdirSync(join(repo, 'node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(join(repo, 'node_modules/.cache/aligndet-browser-'));
const started = Date.now();
try {
  await build({
    entryPoints: [join(here, 'page.ts')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    conditions: ['@aligndet/source'],
    outfile: join(dir, 'page.js'),
    logLevel: 'error',
  });
  writeFileSync(join(dir, 'adapter.html'), '<!doctype html><meta charset="utf-8">');
  writeFileSync(
    join(dir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><script type="module" src="page.js"></script>',
  );
  const wasmDist = join(repo, 'node_modules/@tensorflow/tfjs-backend-wasm/dist');
  for (const f of readdirSync(wasmDist))
    if (f.endsWith('.wasm')) copyFileSync(join(wasmDist, f), join(dir, f));
  await bundleForNode(
    join(here, benchMode ? 'node-bench.ts' : 'node-reference.ts'),
    join(dir, 'node-side.mjs'),
  );
  if (!benchMode) {
    const r = spawnSync(process.execPath, [join(dir, 'node-side.mjs'), dir], { encoding: 'utf8', cwd: repo });
    if (r.status !== 0) throw new Error(`node reference failed:\n${r.stderr}`);
  }
} catch (error) {
  console.log(`browser: FAILED to build the suite: ${error.message}`);
  process.exit(1);
}

const serve = (isolated) => serveStatic(dir, { isolated });

const COMMON = COMMON_FLAGS;
const ONLY = process.env.ALIGNDET_BROWSER_ONLY;
const CONFIGS = [
  { name: 'cpu', backend: 'cpu', flags: ['--disable-gpu'] },
  { name: 'wasm (1 thread)', backend: 'wasm', threads: 1, flags: ['--disable-gpu'] },
  // tfjs's threaded build takes half the cores a page reports: 4 reported gives it (and the
  // conv-gradient kernels' blob: workers) 2 threads on our 2-core machines
  {
    name: 'wasm (2 threads)',
    backend: 'wasm',
    threads: 2,
    cores: 4,
    kernelThreads: 2,
    isolated: true,
    flags: ['--disable-gpu'],
  },
  {
    name: 'webgl (SwiftShader)',
    backend: 'webgl',
    flags: SWIFTSHADER_WEBGL_FLAGS,
  },
  {
    name: 'webgpu',
    backend: 'webgpu',
    flags: SWIFTSHADER_WEBGPU_FLAGS,
  },
];

const plain = await serve(false);
const isolatedServer = await serve(true);
let passed = 0;
let failed = 0;
let excluded = 0;
const rows = [];
for (const c of CONFIGS.filter((x) => !ONLY || x.name.startsWith(ONLY))) {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...COMMON, ...c.flags],
  });
  try {
    const page = await browser.newPage();
    if (c.cores)
      await page.addInitScript((cores) => {
        Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => cores });
      }, c.cores);
    const errors = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (c.backend === 'webgpu') {
      await page.goto(`http://127.0.0.1:${plain.address().port}/adapter.html`, { waitUntil: 'load' });
      const adapter = await page.evaluate(
        async () => !!(navigator.gpu && (await navigator.gpu.requestAdapter())),
      );
      if (!adapter) {
        excluded++;
        console.log(`browser: ${c.name}: EXCLUDED: navigator.gpu gives no adapter in headless chromium here`);
        continue;
      }
    }
    const port = (c.isolated ? isolatedServer : plain).address().port;
    const query = `backend=${c.backend}${c.threads ? `&threads=${c.threads}` : ''}${c.kernelThreads ? `&kernelThreads=${c.kernelThreads}` : ''}${benchMode ? '&bench=1' : ''}${process.env.ALIGNDET_BENCH_SCATTER_FULL ? '&scatterFull=1' : ''}`;
    await page.goto(`http://127.0.0.1:${port}/index.html?${query}`, {
      waitUntil: 'commit',
      timeout: 120_000,
    });
    await page.waitForFunction(() => window.__aligndet !== undefined, undefined, {
      timeout: 600_000,
      polling: 500,
    });
    const r = await page.evaluate(() => window.__aligndet);
    const label = c.name;
    console.log(`browser: ${c.name}: ${r.backend}${r.env ? ` (${r.env})` : ''}`);
    if (r.error && r.checks.length === 0 && Object.keys(r.timings).length === 0) {
      excluded++;
      console.log(
        `browser: ${c.name}: EXCLUDED: did not initialise: ${r.error}${errors.length ? ` (${errors[0]})` : ''}`,
      );
      continue;
    }
    if (r.error) {
      failed++;
      console.log(`browser: ${label}: FAILED: ${r.error}`);
    }
    for (const k of r.checks) {
      if (k.ok) passed++;
      else failed++;
      console.log(`browser: ${label}: ${k.name}: ${k.ok ? 'ok' : 'FAILED'} (${k.detail})`);
    }
    if (benchMode) rows.push({ config: c.name, backend: r.backend, ...r.timings });
  } finally {
    await browser.close();
  }
}
plain.close();
isolatedServer.close();
if (benchMode)
  for (const threads of [1, 2]) {
    const r = spawnSync(process.execPath, [join(dir, 'node-side.mjs'), String(threads)], {
      encoding: 'utf8',
      cwd: repo,
    });
    if (r.status === 0) rows.push(JSON.parse(r.stdout.trim().split('\n').pop()));
    else console.log(`browser: Node wasm bench failed: ${r.stderr.split('\n')[0]}`);
  }
rmSync(dir, { recursive: true, force: true });
if (benchMode) {
  const cols = [
    ...new Set(rows.flatMap((r) => Object.keys(r).filter((k) => k !== 'config' && k !== 'backend'))),
  ];
  const md = [
    `| backend | ${cols.join(' | ')} |`,
    `|---|${cols.map(() => '---:').join('|')}|`,
    ...rows.map(
      (r) =>
        `| ${r.config} | ${cols.map((k) => (r[k] === undefined ? '–' : `${r[k].toFixed(0)} ms`)).join(' | ')} |`,
    ),
  ].join('\n');
  console.log(md);
  mkdirSync(join(here, 'results'), { recursive: true });
  writeFileSync(join(here, 'results/browser-bench.json'), `${JSON.stringify(rows, null, 1)}\n`);
}
console.log(
  `browser tests: ${passed} passed, ${failed} failed, ${excluded} excluded (${((Date.now() - started) / 1000).toFixed(0)} s)`,
);
process.exit(failed ? 1 : 0);
