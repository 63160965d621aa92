#!/usr/bin/env node
// The web example in a real browser (Debian's chromium, headless, driven by playwright-core):
//  1. Node writes a small run folder (the browser suite's tiny detector, saved by Checkpointer) and
//     `aligndet predict`'s detections of it on a PNG;
//  2. Detect: the page loads that run from its URL, the PNG through the file picker, and must find
//     the same detections on every backend that initialises (wasm, cpu, webgl and webgpu on
//     SwiftShader); the threshold slider must redraw the boxes above it;
//  3. Train: a short `aligndet` run on wasm in the worker; its loss must go down and it must report
//     an AP; a short `fcos` run beside it for comparison;
//  4. Save: the run's zip is downloaded; Node's `aligndet eval` must load it and find the page's AP
//     on the same validation images, and `aligndet predict` must find, on a PNG, the detections the
//     page finds after loading the zip back through the file picker;
//  5. PyTorch checkpoints: full-size torchvision fcos_resnet50_fpn and official MOD weights,
//     regenerated in Node from the trainer's fixture recipes, go through the file picker and must
//     give the reference code's detections on a fixture image (the trainer's tolerance: same count
//     and labels, scores within 1e-4, boxes within 1e-3 relative) on ALIGNDET_WEB_PYTORCH_BACKENDS
//     (default wasm; webgl compiles ResNet-50's shaders for 75–90 s on SwiftShader).
// HEADED=1 (under xvfb-run -a) runs it in a visible window.
// Tolerances: detections equal in number and classes, boxes and scores within 2e-3 relative
// (|a − b| / (1 + |b|), as the browser suite); each of the 12 COCO stats within 1e-4 + 2 %
// (different engines' float sums can swap near-tied scores). ALIGNDET_WEB_BACKENDS=wasm,cpu limits
// the detect backends (webgl and webgpu compile their shaders on SwiftShader: tens of seconds). Screenshots go to test/screenshots/. Output: one line per check,
// then "web example: N passed, N failed, N excluded (T s)"; exit 1 when a check fails. Without
// a chromium: one EXCLUDED line, exit 0 (tools/test.mjs counts it).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzipSync } from 'fflate';
import { bundleForNode } from '../../../tools/browser-tests/bundle-node.mjs';
import {
  CHROMIUM,
  COMMON_FLAGS,
  SWIFTSHADER_WEBGL_FLAGS,
  SWIFTSHADER_WEBGPU_FLAGS,
} from '../../../tools/browser-tests/chromium.mjs';
import { serveStatic } from '../../../tools/browser-tests/static-server.mjs';
import { buildPage } from '../scripts/build.mjs';

const here = resolve(fileURLToPath(new URL('..', import.meta.url)));
const repo = resolve(here, '../..');
const started = Date.now();
const headed = process.env.HEADED === '1';
const secs = () => ((Date.now() - started) / 1000).toFixed(0);

if (headed && !process.env.DISPLAY) {
  console.log('web example: FAILED: HEADED=1 needs an X display (run it under xvfb-run -a)');
  process.exit(1);
}
if (!existsSync(CHROMIUM)) {
  console.log(
    `web example: EXCLUDED: no chromium at ${CHROMIUM} (apt-get install -y chromium; .ci/run installs it)`,
  );
  process.exit(0);
}
const { chromium } = await import('playwright-core');

let passed = 0;
let failed = 0;
let excluded = 0;
const check = (name, ok, detail) => {
  if (ok) passed++;
  else failed++;
  console.log(`web example: ${name}: ${ok ? 'ok' : 'FAILED'} (${detail}; ${secs()} s)`);
};

/** Largest |a − b| / (1 + |b|) over boxes and scores; Infinity when counts or classes differ. */
function detectionDiff(got, want) {
  if (!got || got.scores.length !== want.scores.length) return Number.POSITIVE_INFINITY;
  if (got.labels.some((l, i) => l !== want.labels[i])) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (const [a, b] of [
    [got.boxes, want.boxes],
    [got.scores, want.scores],
  ])
    for (let k = 0; k < b.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]) / (1 + Math.abs(b[k])));
  return m;
}

mkdirSync(join(repo, 'node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(join(repo, 'node_modules/.cache/aligndet-web-'));
const shots = join(here, 'test/screenshots');
mkdirSync(shots, { recursive: true });
const nodeSide = (args) => {
  const r = spawnSync(process.execPath, [join(dir, 'node-side.mjs'), ...args], {
    encoding: 'utf8',
    cwd: repo,
  });
  if (r.status !== 0) throw new Error(`node side ${args[0]} failed:\n${r.stderr.slice(-2000)}`);
  return JSON.parse(
    r.stdout
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .pop(),
  );
};

let browser;
let server;
try {
  const dist = await buildPage(join(dir, 'dist'), { minify: false });
  await bundleForNode(join(here, 'test/node-side.ts'), join(dir, 'node-side.mjs'));
  const fixture = join(dir, 'fixture');
  mkdirSync(fixture);
  const ref = nodeSide(['fixture', fixture]);
  server = await serveStatic(dist, { isolated: true, mounts: { '/fixture/': fixture } });
  const base = `http://127.0.0.1:${server.address().port}/`;
  // HEADED=1 (under an X server, e.g. `xvfb-run -a`): a visible window. Headed, Vulkan compositing
  // fails here (Skia's "GrContext creation failed" in a loop: the GPU process never presents a frame,
  // so requestAnimationFrame stops and every click waits for "stable"), so the headed launch leaves
  // out --enable-features=Vulkan; webgl and webgpu still run on SwiftShader (ANGLE's Vulkan, Dawn's).
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: !headed,
    args: headed
      ? [...COMMON_FLAGS, ...SWIFTSHADER_WEBGL_FLAGS, '--enable-unsafe-webgpu']
      : [...COMMON_FLAGS, ...SWIFTSHADER_WEBGPU_FLAGS],
  });
  console.log(`web example: chromium ${browser.version()}, ${headed ? 'headed' : 'headless'}`);
  const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log(`web example: page error: ${e.message}`));
  const state = () => page.evaluate(() => window.__web);
  const waitFor = (fn, arg, timeout = 120_000) => page.waitForFunction(fn, arg, { timeout, polling: 200 });

  await page.goto(`${base}?backend=wasm&checkpoint=fixture/fixture-run/`);
  await waitFor(() => window.__web?.ready && window.__web.checkpoint);
  // ---------------------------------------------------------------- Train (starts first: the worker
  // trains while the page detects, which also shows the page stays usable)
  await page.click('#tab-train');
  const set = async (id, v) => page.fill(`#${id}`, String(v));
  const train = async (preset, iterations) => {
    await page.selectOption('#preset', preset);
    await page.selectOption('#train-backend', 'wasm');
    await set('iterations', iterations);
    await set('batch', 2);
    await set('num-train', 16);
    await set('num-val', 8);
    await set('eval-period', iterations);
    await page.click('#train-start');
  };

  // ---------------------------------------------------------------- Detect
  await train('aligndet', 40);
  await page.click('#tab-detect');
  await page.setInputFiles('#image-file', join(fixture, 'image.png'));
  await waitFor(() => window.__web.detect.seq >= 1);
  const s0 = await state();
  check(
    "page is cross-origin isolated, so wasm starts tfjs's threaded build",
    s0.wasmMultithread && (await page.evaluate(() => crossOriginIsolated)),
    `WASM_HAS_MULTITHREAD_SUPPORT ${s0.wasmMultithread}; ${s0.backendLine}`,
  );
  // the menu change is dispatched from a timer: webgl compiles its shaders on the page's thread
  // (SwiftShader: seconds), which would stall a synchronous selectOption past its timeout
  const chooseBackend = (b) =>
    page.evaluate((v) => {
      setTimeout(() => {
        const sel = document.querySelector('#backend');
        sel.value = v;
        sel.dispatchEvent(new Event('change'));
      }, 0);
    }, b);
  const n = ref.detections.scores.length;
  const backends = (process.env.ALIGNDET_WEB_BACKENDS ?? 'wasm,cpu,webgl,webgpu').split(',');
  for (const backend of backends) {
    const seq = (await state()).detect.seq;
    await chooseBackend(backend);
    await waitFor(
      (s) => window.__web.ready && (window.__web.backendError || window.__web.detect.seq > s),
      seq,
      300_000,
    );
    const s = await state();
    if (s.backendError) {
      excluded++;
      console.log(`web example: detect on ${backend}: EXCLUDED: did not initialise: ${s.backendError}`);
      continue;
    }
    const d = detectionDiff(s.detect.detections, ref.detections);
    check(
      `detect on ${backend} = aligndet predict (Node cpu) on the same run and PNG`,
      s.detect.backend === backend && n > 0 && d <= 2e-3,
      `${s.detect.detections?.scores.length}/${n} detections, max rel diff ${d.toExponential(2)}, ${s.detect.latencyMs.toFixed(0)} ms [${s.backendLine}]`,
    );
  }
  await chooseBackend('wasm');
  await waitFor(() => window.__web.ready && window.__web.backend === 'wasm');
  const drawnAt = async (t) => {
    await page.$eval(
      '#threshold',
      (el, v) => {
        el.value = String(v);
        el.dispatchEvent(new Event('input'));
      },
      t,
    );
    return (await state()).detect.drawn;
  };
  const above = (t) => ref.detections.scores.filter((s) => s >= t).length;
  const [low, high] = [await drawnAt(0.05), await drawnAt(0.2)];
  check(
    'threshold slider redraws the boxes above it',
    low === above(0.05) && high === above(0.2) && high < low,
    `${low} boxes at 0.05, ${high} at 0.2`,
  );

  await page.click('#tab-train');
  await waitFor(
    () => window.__web.runs[0]?.state === 'done' || window.__web.runs[0]?.state === 'failed',
    undefined,
    300_000,
  );
  await train('fcos', 15);
  await waitFor(
    () => window.__web.runs[1]?.state === 'done' || window.__web.runs[1]?.state === 'failed',
    undefined,
    300_000,
  );
  const { runs } = await state();
  const mean = (xs) => xs.reduce((a, [, y]) => a + y, 0) / xs.length;
  for (const r of runs) {
    const first = mean(r.losses.slice(0, 5));
    const last = mean(r.losses.slice(-5));
    const stepMs = [...r.stepMs].sort((a, b) => a - b)[Math.floor(r.stepMs.length / 2)];
    check(
      `train ${r.preset} in the page: loss goes down, AP reported`,
      !r.error && r.losses.length > 0 && last < first && r.aps.length > 0 && Number.isFinite(r.aps.at(-1)[1]),
      `${r.where} on ${r.backend}; ${r.losses.length} steps, mean loss of the first 5 ${first.toFixed(3)} → last 5 ${last.toFixed(3)}; AP ${r.aps.at(-1)?.[1]?.toFixed(4)}; median step ${stepMs?.toFixed(0)} ms${r.error ? `; ${r.error}` : ''}`,
    );
  }
  check('training runs in a worker', runs[0].where === 'worker', runs[0].line);
  await page.screenshot({ path: join(shots, 'train.png'), fullPage: true });

  // ---------------------------------------------------------------- Save, and load back
  const downloading = page.waitForEvent('download');
  await page.locator('#runs tbody tr').first().locator('button[data-action=download]').click();
  const zipPath = join(dir, 'run.zip');
  await (await downloading).saveAs(zipPath);
  const unzipped = join(dir, 'downloaded');
  for (const [name, data] of Object.entries(unzipSync(readFileSync(zipPath)))) {
    mkdirSync(join(unzipped, name, '..'), { recursive: true });
    writeFileSync(join(unzipped, name), data);
  }
  const runDir = join(unzipped, Object.keys(unzipSync(readFileSync(zipPath)))[0].split('/')[0]);
  const evalCwd = join(dir, 'eval-cwd');
  mkdirSync(evalCwd);
  const node = nodeSide(['check', runDir, join(fixture, 'scene.png'), evalCwd]);
  const statsOff = node.stats.filter(
    (v, i) => !(Math.abs(v - runs[0].stats[i]) <= 1e-4 + 0.02 * Math.abs(v)),
  );
  check(
    "downloaded run: Node's aligndet eval loads it and finds the page's 12 COCO stats",
    runs[0].stats.length === 12 && statsOff.length === 0,
    `${node.checkpoint}: AP / AP50 / AR100 Node ${[0, 1, 8].map((i) => node.stats[i].toFixed(5)).join(' / ')}, page ${[0, 1, 8].map((i) => runs[0].stats[i]?.toFixed(5)).join(' / ')}; ${statsOff.length} of 12 off`,
  );
  await page.click('#tab-detect');
  const before = (await state()).detect.seq;
  await page.setInputFiles('#ckpt-files', zipPath);
  await waitFor((s) => window.__web.detect.seq > s, before);
  const seq = (await state()).detect.seq;
  await page.setInputFiles('#image-file', join(fixture, 'scene.png'));
  await waitFor((s) => window.__web.detect.seq > s, seq);
  await drawnAt(0.05);
  const back = await state();
  const d = detectionDiff(back.detect.detections, node.detections);
  check(
    'the zip loads back in Detect: same detections as aligndet predict (Node wasm) on it',
    node.detections.scores.length > 0 && d <= 2e-3,
    `${back.detect.detections?.scores.length}/${node.detections.scores.length} detections, max rel diff ${d.toExponential(2)}`,
  );
  await page.screenshot({ path: join(shots, 'detect.png'), fullPage: true });

  // ---------------------------------------------------------------- PyTorch checkpoints
  // The trainer's full-size reference weights (ResNet-50 FCOS), regenerated from the fixtures'
  // recipes in Node, go through the file picker; the page must find the reference code's own
  // detections (torchvision 0.14 / the official inference) with the trainer's tolerance: same count
  // and labels, scores within 1e-4, boxes within 1e-3 relative to max(|ref|, 1).
  const trainerFixtures = join(repo, 'packages/trainer/test/fixtures');
  const pytorch = nodeSide(['pytorch', dir, trainerFixtures]);
  const tvCases = JSON.parse(
    readFileSync(join(trainerFixtures, 'torchvision-fcos/cases.json'), 'utf8'),
  ).cases;
  const officialCases = JSON.parse(
    readFileSync(join(trainerFixtures, 'official-fcos/cases.json'), 'utf8'),
  ).cases;
  // the smallest case of each: torchvision's 97×131 (→ 99×135, padded 128×160), and MOD's
  // 110×83 (→ 84×64 with PIL's antialiased bilinear resize, padded 96×64)
  const tvCase = tvCases.find((c) => c.file === 'tall-97x131.png');
  const modCase = officialCases.find((c) => c.variant === 'mod' && c.file === 'resize-110x83.png');
  const pytorchRuns = [
    {
      name: 'torchvision fcos_resnet50_fpn',
      format: 'torchvision-fcos',
      weights: pytorch['torchvision-fcos'],
      png: join(trainerFixtures, 'torchvision-fcos', tvCase.file),
      size: [tvCase.minSize, tvCase.maxSize],
      ref: tvCase.detections, // original pixels
      label: (l) => l,
    },
    {
      name: 'official MOD (FCOS + deformable towers)',
      format: 'official-mod',
      weights: pytorch['official-mod'],
      png: join(trainerFixtures, 'official-fcos', modCase.file),
      size: [modCase.minSize, modCase.maxSize],
      // the reference's boxes are in the resized frame; the page's in the file's pixels
      ref: {
        ...modCase.detections,
        boxes: modCase.detections.boxes.map(
          (v, i) =>
            v * (i % 2 === 0 ? modCase.original[0] / modCase.width : modCase.original[1] / modCase.height),
        ),
      },
      label: (l) => l - 1,
    },
  ];
  /** The trainer's tolerance: [max score error, max relative box error], or null when counts or labels differ. */
  const referenceDiff = (got, want, label) => {
    if (!got || got.scores.length !== want.scores.length) return null;
    if (got.labels.some((l, i) => l !== label(want.labels[i]))) return null;
    let score = 0;
    let box = 0;
    want.scores.forEach((v, i) => {
      score = Math.max(score, Math.abs(got.scores[i] - v));
      for (let k = 0; k < 4; k++) {
        const e = want.boxes[4 * i + k];
        box = Math.max(box, Math.abs(got.boxes[4 * i + k] - e) / Math.max(Math.abs(e), 1));
      }
    });
    return [score, box];
  };
  const pytorchBackends = (process.env.ALIGNDET_WEB_PYTORCH_BACKENDS ?? 'wasm').split(',');
  // keep the size typed below when a checkpoint loads (it would reset it to 800 / 1333)
  await page.uncheck('#size-from-ckpt');
  for (const run of pytorchRuns) {
    // set without an event: the page reads the fields when it detects
    await page.evaluate(([min, max]) => {
      document.querySelector('#min-size').value = String(min);
      document.querySelector('#max-size').value = String(max);
    }, run.size);
    const t0 = Date.now();
    const loadedBefore = (await state()).detect.seq;
    await page.setInputFiles('#ckpt-files', run.weights);
    await waitFor(
      ([s, f]) =>
        (window.__web.format === f && window.__web.detect.seq > s) ||
        document.querySelector('#ckpt-status').classList.contains('error'),
      [loadedBefore, run.format],
    );
    const status = await page.textContent('#ckpt-status');
    console.log(`web example: ${run.name}: ${status}`);
    const loadS = (Date.now() - t0) / 1000;
    const imageBefore = (await state()).detect.seq;
    await page.setInputFiles('#image-file', run.png);
    await waitFor((s) => window.__web.detect.seq > s, imageBefore);
    for (const backend of pytorchBackends) {
      const seq = (await state()).detect.seq;
      if ((await state()).backend !== backend) {
        const b0 = Date.now();
        await chooseBackend(backend);
        await waitFor(
          ([s, b]) => window.__web.ready && window.__web.backend === b && window.__web.detect.seq > s,
          [seq, backend],
          600_000,
        );
        console.log(
          `web example: ${run.name} on ${backend}: first detection ${((Date.now() - b0) / 1000).toFixed(1)} s (shader compilation)`,
        );
      }
      // a warm detection: what is compared and timed
      const warmSeq = (await state()).detect.seq;
      await page.evaluate(() => void window.__web.redetect());
      await waitFor((s) => window.__web.detect.seq > s, warmSeq, 600_000);
      const s = await state();
      const diff = referenceDiff(s.detect.detections, run.ref, run.label);
      check(
        `${run.name} (.safetensors through the file picker) on ${backend} = the reference code's detections`,
        s.detect.backend === backend &&
          s.format === run.format &&
          diff !== null &&
          diff[0] <= 1e-4 &&
          diff[1] <= 1e-3 &&
          run.ref.scores.length > 0,
        `${s.detect.detections?.scores.length}/${run.ref.scores.length} detections, ${diff ? `score err ${diff[0].toExponential(1)}, box err ${diff[1].toExponential(1)}` : 'count or labels differ'}; input ${s.inputSize.join('/')} on ${s.detect.imageSize.join('×')}; load + first detection ${loadS.toFixed(1)} s, warm detection ${s.detect.latencyMs.toFixed(0)} ms`,
      );
    }
    if ((await state()).backend !== 'wasm') {
      const seq = (await state()).detect.seq;
      await chooseBackend('wasm');
      await waitFor(
        (s) => window.__web.ready && window.__web.backend === 'wasm' && window.__web.detect.seq > s,
        seq,
        600_000,
      );
    }
  }
  await page.screenshot({ path: join(shots, 'detect-pytorch.png'), fullPage: true });
  const last = await state();
  check('no page errors', last.errors.length === 0, last.errors.join('; ') || 'none');
} catch (error) {
  failed++;
  console.log(`web example: FAILED: ${error.message.split('\n').slice(0, 6).join(' | ')}`);
} finally {
  await browser?.close();
  server?.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`web example: ${passed} passed, ${failed} failed, ${excluded} excluded (${secs()} s)`);
process.exit(failed ? 1 : 0);
