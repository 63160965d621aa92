#!/usr/bin/env node
// Bundles the page with esbuild into dist/ (or the folder given): the page script, the training
// worker, the stylesheet, index.html and tfjs-backend-wasm's .wasm files (served beside the page;
// `setWasmPaths` points there). Resolves the aligndet packages from their sources in this repo
// (the `@aligndet/source` condition); outside the repo the same build uses their published dist.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const here = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Builds the page into `outDir`; returns it. */
export async function buildPage(outDir = join(here, 'dist'), { minify = true } = {}) {
  mkdirSync(outDir, { recursive: true });
  await build({
    entryPoints: {
      main: join(here, 'src/main.ts'),
      'train-worker': join(here, 'src/train-worker.ts'),
    },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    conditions: ['@aligndet/source'],
    outdir: outDir,
    minify,
    sourcemap: true,
    loader: { '.css': 'css' },
    logLevel: 'error',
  });
  copyFileSync(join(here, 'index.html'), join(outDir, 'index.html'));
  const require = createRequire(import.meta.url);
  const wasmDist = dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'));
  for (const f of readdirSync(join(wasmDist, 'dist')))
    if (f.endsWith('.wasm')) copyFileSync(join(wasmDist, 'dist', f), join(outDir, f));
  return outDir;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = await buildPage(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log(`built ${out}`);
}
