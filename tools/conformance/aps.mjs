#!/usr/bin/env node
// Official APS conformance runner:  node tools/conformance/aps.mjs <vectors.json>
// Reads a file in the format of shared/spec/testvectors.json (a `common` block and `caseN`
// blocks), builds each case's inputs from its closed-form definitions, runs the official APS
// assignment (@aligndet/spatial-assigner) and the official losses (@aligndet/fcos-head), and
// prints {"caseN": {"positives": [{flat_index, label, reg_target_stride_units}], "losses":
// {loss_cls, loss_reg, loss_quality}}}. Runs from the sources, no build needed: it bundles
// aps-run.ts with esbuild into a temp file first.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const file = process.argv[2];
if (!file) {
  console.error('usage: node tools/conformance/aps.mjs <vectors.json>');
  process.exit(2);
}
// inside the repository, so the bundle resolves the external tfjs packages from node_modules
const cache = fileURLToPath(new URL('../../node_modules/.cache/', import.meta.url));
mkdirSync(cache, { recursive: true });
const dir = mkdtempSync(join(cache, 'aligndet-aps-'));
const outfile = join(dir, 'aps-run.mjs');
try {
  await build({
    entryPoints: [fileURLToPath(new URL('./aps-run.ts', import.meta.url))],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    conditions: ['@aligndet/source'],
    logLevel: 'error',
    plugins: [
      {
        // tfjs packages stay external (one shared engine); tfjs-core's gradient sources are bundled
        name: 'tfjs-external',
        setup(b) {
          b.onResolve({ filter: /^@tensorflow\/tfjs-(core|backend-[a-z]+|node(-gpu)?)$/ }, (a) => ({
            path: a.path,
            external: true,
          }));
        },
      },
    ],
  });
  const { run } = await import(pathToFileURL(outfile).href);
  console.log(JSON.stringify(await run(file), null, 1));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
