#!/usr/bin/env node
// `npm run bench -w @aligndet-examples/web`: the page's numbers in headless chromium, beside Node's
// wasm on the same machine, into bench/results/web-bench.{json,md}:
//   - Detect latency of a 512×512 image (the page's model, run at a 512-px input): median of 5
//     after the first (warm-up) detection, per backend: wasm with threads (cross-origin isolated
//     page), wasm on one thread (page without the isolation headers), cpu, webgl, webgpu;
//   - the training step of the page's default run (aligndet preset, 32-channel FPN and head,
//     batch 4, 128 px) in the training worker: median of steps 3–12, on wasm (threads and one
//     thread); and the same TrainSession code in Node.
// Headless webgl and webgpu here run on SwiftShader (a CPU emulation of a GPU): their numbers say
// nothing about a real GPU. The load average at the start is recorded.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleForNode } from '../../../tools/browser-tests/bundle-node.mjs';
import { CHROMIUM, COMMON_FLAGS, SWIFTSHADER_WEBGPU_FLAGS } from '../../../tools/browser-tests/chromium.mjs';
import { serveStatic } from '../../../tools/browser-tests/static-server.mjs';
import { buildPage } from '../scripts/build.mjs';

const here = resolve(fileURLToPath(new URL('..', import.meta.url)));
const repo = resolve(here, '../..');
const load = loadavg().map((l) => l.toFixed(2));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const { chromium } = await import('playwright-core');

mkdirSync(join(repo, 'node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(join(repo, 'node_modules/.cache/aligndet-web-bench-'));
const rows = [];
try {
  const dist = await buildPage(join(dir, 'dist'));
  await bundleForNode(join(here, 'bench/node-bench.ts'), join(dir, 'node-bench.mjs'));
  const node = (args) => {
    const r = spawnSync(process.execPath, [join(dir, 'node-bench.mjs'), ...args], {
      encoding: 'utf8',
      cwd: repo,
    });
    if (r.status !== 0) throw new Error(r.stderr.slice(-1500));
    return JSON.parse(
      r.stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .pop(),
    );
  };
  node(['setup', dir]);
  const mounts = { '/bench/': dir };
  const isolated = await serveStatic(dist, { isolated: true, mounts });
  const plain = await serveStatic(dist, { isolated: false, mounts });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [...COMMON_FLAGS, ...SWIFTSHADER_WEBGPU_FLAGS],
  });
  const TRAIN =
    '&iterations=12&batchSize=4&numTrain=48&numVal=4&evalPeriod=1000&imageSize=128&trainBackend=wasm';
  const measure = async (server, label, backends) => {
    const page = await browser.newPage();
    const url = `http://127.0.0.1:${server.address().port}/?backend=${backends[0]}&checkpoint=bench/bench-run/${TRAIN}`;
    await page.goto(url);
    const wait = (fn, arg) => page.waitForFunction(fn, arg, { timeout: 900_000, polling: 500 });
    await wait(() => window.__web?.ready && window.__web.checkpoint);
    await page.setInputFiles('#image-file', join(dir, 'image-512.png'));
    await wait(() => window.__web.detect.seq >= 1);
    for (const backend of backends) {
      if (backend !== backends[0]) {
        const seq = await page.evaluate(() => window.__web.detect.seq);
        await page.evaluate((b) => {
          setTimeout(() => {
            const sel = document.querySelector('#backend');
            sel.value = b;
            sel.dispatchEvent(new Event('change'));
          }, 0);
        }, backend);
        await wait(
          (s) => window.__web.ready && (window.__web.backendError || window.__web.detect.seq > s),
          seq,
        );
      }
      const s = await page.evaluate(() => window.__web);
      if (s.backendError) {
        rows.push({ config: `${backend} (${label})`, note: `did not initialise: ${s.backendError}` });
        continue;
      }
      const reps = backend === 'webgl' || backend === 'webgpu' ? 3 : 5;
      const times = [];
      for (let i = 0; i < reps; i++) times.push(await page.evaluate(() => window.__web.redetect()));
      rows.push({
        config: backend === 'wasm' ? `wasm (${label})` : backend,
        detectMs: median(times),
        firstDetectMs: s.detect.latencyMs,
        line: s.backendLine,
      });
    }
    await page.click('#tab-train');
    await page.click('#train-start');
    await wait(() => ['done', 'failed'].includes(window.__web.runs[0]?.state));
    const run = (await page.evaluate(() => window.__web.runs))[0];
    const row = rows.find((r) => r.config === `wasm (${label})`);
    if (run.error) row.trainNote = run.error;
    else Object.assign(row, { trainStepMs: median(run.stepMs.slice(2)), trainLine: run.line });
    await page.close();
  };
  await measure(isolated, 'threads, isolated page', ['wasm', 'cpu', 'webgl', 'webgpu']);
  await measure(plain, '1 thread, page not isolated', ['wasm']);
  await browser.close();
  isolated.close();
  plain.close();
  for (const threads of ['1', '2']) rows.push(node(['time', dir, threads]));
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const ms = (v) => (v === undefined ? '–' : `${v.toFixed(0)} ms`);
const md = [
  `# Web example benchmark (bench/bench.mjs), ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Headless Debian chromium and Node ${process.version} on a ${process.env.ALIGNDET_BENCH_MACHINE ?? 'shared 2-core machine'}; load average at the start ${load.join(' / ')} (1 / 5 / 15 min). Headless webgl and webgpu here run on SwiftShader, a CPU emulation of a GPU: their numbers say nothing about a real GPU. The model is the page's default run (aligndet preset, tiny backbone, 32-channel FPN and head). Detect: one 512×512 image, the network run at 512 px, median of 5 (3 on webgl/webgpu) after the first detection (which compiles shaders / warms up). Train: the worker's step of batch 4 at 128 px, median of steps 3–12; Node runs the same TrainSession code.`,
  '',
  '| backend | detect 512 px | first detect (warm-up) | training step (batch 4, 128 px) |',
  '|---|---:|---:|---:|',
  ...rows.map(
    (r) =>
      `| ${r.config} | ${r.note ?? ms(r.detectMs)} | ${ms(r.firstDetectMs)} | ${r.trainNote ?? ms(r.trainStepMs)} |`,
  ),
  '',
].join('\n');
mkdirSync(join(here, 'bench/results'), { recursive: true });
writeFileSync(join(here, 'bench/results/web-bench.json'), `${JSON.stringify({ load, rows }, null, 1)}\n`);
writeFileSync(join(here, 'bench/results/web-bench.md'), md);
console.log(md);
