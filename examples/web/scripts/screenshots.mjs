#!/usr/bin/env node
// Redraws the README's pictures (docs/web-train.png, docs/web-detect.png) in headless chromium:
// an `aligndet` and an `fcos` run of 300 iterations side by side on the page's default dataset
// (wasm, each in its worker; about 10 minutes on a shared 2-core machine), then the aligndet run
// in Detect (its *Use in Detect* button) on a synthetic scene of another seed. ITERATIONS=… to change.
// CHECKPOINT=<run folder> (one `aligndet train` wrote, e.g. a 1500-iteration run) redraws only
// docs/web-detect.png, with that run loaded from its URL instead of an in-page run.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { bundleForNode } from '../../../tools/browser-tests/bundle-node.mjs';
import { CHROMIUM, COMMON_FLAGS } from '../../../tools/browser-tests/chromium.mjs';
import { serveStatic } from '../../../tools/browser-tests/static-server.mjs';
import { buildPage } from './build.mjs';

const here = resolve(fileURLToPath(new URL('..', import.meta.url)));
const repo = resolve(here, '../..');
const iterations = Number(process.env.ITERATIONS ?? 300);
const { chromium } = await import('playwright-core');
mkdirSync(join(repo, 'node_modules/.cache'), { recursive: true });
const dir = mkdtempSync(join(repo, 'node_modules/.cache/aligndet-web-shots-'));
const dist = await buildPage(join(dir, 'dist'));
// the test's Node half writes scene.png: a synthetic scene of another seed than the training set's
await bundleForNode(join(here, 'test/node-side.ts'), join(dir, 'node-side.mjs'));
mkdirSync(join(dir, 'fixture'));
spawnSync(process.execPath, [join(dir, 'node-side.mjs'), 'fixture', join(dir, 'fixture')], { cwd: repo });
const checkpoint = process.env.CHECKPOINT ? resolve(process.env.CHECKPOINT) : null;
const server = await serveStatic(dist, {
  isolated: true,
  mounts: checkpoint ? { '/checkpoint/': checkpoint } : {},
});
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: COMMON_FLAGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  if (checkpoint) {
    await page.goto(`http://127.0.0.1:${server.address().port}/?backend=wasm&checkpoint=checkpoint/`);
    await page.waitForFunction(() => window.__web?.ready && window.__web.checkpoint, undefined, {
      timeout: 120_000,
    });
    await page.setInputFiles('#image-file', join(dir, 'fixture/scene.png'));
    await page.waitForFunction(() => window.__web.detect.seq >= 1, undefined, { timeout: 120_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(repo, 'docs/web-detect.png'), fullPage: true });
    const s = await page.evaluate(() => window.__web);
    console.log(`${s.checkpoint}: ${s.detect.drawn} boxes drawn at 0.3, ${s.detect.latencyMs.toFixed(0)} ms`);
  } else {
    await page.goto(
      `http://127.0.0.1:${server.address().port}/?backend=wasm&trainBackend=wasm&iterations=${iterations}&evalPeriod=${Math.round(iterations / 6)}&tab=train`,
    );
    await page.waitForFunction(() => window.__web?.ready);
    await page.click('#tab-train');
    for (const preset of ['aligndet', 'fcos']) {
      await page.selectOption('#preset', preset);
      await page.click('#train-start');
    }
    await page.waitForFunction(
      () => window.__web.runs.every((r) => r.state === 'done' || r.state === 'failed'),
      undefined,
      {
        timeout: 3_600_000,
        polling: 2000,
      },
    );
    await page.waitForTimeout(500);
    mkdirSync(join(repo, 'docs'), { recursive: true });
    await page.screenshot({ path: join(repo, 'docs/web-train.png'), fullPage: true });
    await page.locator('#runs tbody tr').first().locator('button[data-action=use]').click();
    await page.waitForFunction(() => window.__web.detect.seq >= 1, undefined, { timeout: 120_000 });
    await page.setInputFiles('#image-file', join(dir, 'fixture/scene.png'));
    await page.waitForFunction(() => window.__web.detect.seq >= 2, undefined, { timeout: 120_000 });
    await page.waitForTimeout(500);
    await page.screenshot({ path: join(repo, 'docs/web-detect.png'), fullPage: true });
    const runs = await page.evaluate(() => window.__web.runs);
    writeFileSync(
      join(dir, 'runs.json'),
      JSON.stringify(runs.map((r) => ({ name: r.name, ap: r.aps.at(-1), loss: r.losses.at(-1) }))),
    );
    for (const r of runs)
      console.log(
        `${r.name}: AP ${(100 * (r.aps.at(-1)?.[1] ?? 0)).toFixed(1)} after ${r.losses.length} steps`,
      );
  }
} finally {
  await browser.close();
  server.close();
  rmSync(dir, { recursive: true, force: true });
}
