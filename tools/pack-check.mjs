#!/usr/bin/env node
// Publish-readiness check: what a user gets from npm, not what the monorepo sees.
//
// For every published package (packages/*, not private): `npm pack` it (after `npm run build`)
// into a temporary folder, check the tarball's file list, install all the tarballs plus
// @tensorflow/tfjs-core, -backend-cpu and -backend-wasm (the versions of the root package.json)
// into a scratch project under os.tmpdir() — outside the repo, so no workspace link or source
// condition can help — and there:
//   1. `require()` every package (CJS) and `import` it (ESM): both must load, with the same exports;
//   2. run the "Quick start" code block of every packed README (ESM; TypeScript stripped with
//      esbuild). Quick starts are sketches that use the reader's own data (`fpnFeatures`,
//      `boxes`, …): a per-package PRELUDE below defines exactly those names (and a backend where
//      the snippet assumes one); an EPILOGUE checks the result. The snippet itself runs verbatim,
//      except for the SUBSTITUTIONS listed below (each must match, or the check fails);
//   3. run the two CLIs (`aligndet --help`, `aligndet-coco-eval` on a sample).
// Exits non-zero with a readable message on the first failure. Usage:
//   npm run build && node tools/pack-check.mjs [--keep]      (--keep: leave the scratch folder)
import { execFileSync, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const repo = resolve(fileURLToPath(new URL('..', import.meta.url)));
const keep = process.argv.includes('--keep');
const started = Date.now();

class CheckError extends Error {}
const fail = (message) => {
  throw new CheckError(message);
};
const log = (line) => console.log(`pack-check: ${line}`);

/** Runs a command; on failure throws with its output. */
function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.status !== 0) {
    const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-40).join('\n');
    fail(`${options.what ?? `${cmd} ${args.join(' ')}`} failed (exit ${r.status ?? r.signal}):\n${out}`);
  }
  return r.stdout;
}

// ---------------------------------------------------------------------------------------------
// What each quick start needs from "the reader" (its free variables), and what it must produce.
// Names starting with __ are the check's own; snippet names are left to the snippet.

// the reader's inputs below are tensors, created before the quick start's own initBackend() runs
const BACKEND = `import { initBackend as __initBackend } from '@aligndet/core-tensor';
await __initBackend('auto', { log: () => {} });
`;
const FEATURES = `import * as __tf from '@tensorflow/tfjs-core';
const __sizes = [[8, 8], [4, 4], [2, 2], [1, 1], [1, 1]]; // a 64-pixel image, strides 8..128
const fpnFeatures = __sizes.map(([h, w], i) => __tf.randomNormal([1, h, w, 256], 0, 1, 'float32', i));
`;
const expect = (cond, what) =>
  `if (!(${cond})) throw new Error('epilogue: expected ${what.replace(/'/g, "\\'")}');\n`;

/** @type {Record<string, { prelude?: string; epilogue?: string; substitutions?: Array<[string, string]>; timeoutSeconds?: number }>} */
const QUICK_STARTS = {
  '@aligndet/core-tensor': {
    prelude: `const boxes = new Float32Array([0, 0, 10, 10, 1, 1, 11, 11, 50, 50, 60, 60]);
const scores = new Float32Array([0.9, 0.8, 0.7]);
const labels = new Int32Array([0, 0, 1]);
`,
    epilogue:
      expect('y.shape.join() === "1,32,32,64"', 'tower output [1, 32, 32, 64]') +
      expect('Array.from(keep).join() === "0,2"', 'NMS to keep boxes 0 and 2') +
      `import { existsSync as __exists } from 'node:fs';\n` +
      expect("__exists('tower.safetensors')", 'tower.safetensors to be written'),
  },
  '@aligndet/deform-conv': {
    prelude: `${BACKEND}import * as __tf from '@tensorflow/tfjs-core';
const x = __tf.randomNormal([1, 5, 5, 4], 0, 1, 'float32', 1);
const offset = __tf.randomNormal([1, 5, 5, 18], 0, 0.5, 'float32', 2);
const mask = __tf.sigmoid(__tf.randomNormal([1, 5, 5, 9], 0, 1, 'float32', 3));
const weight = __tf.randomNormal([3, 3, 4, 6], 0, 0.1, 'float32', 4);
const bias = __tf.zeros([6]);
`,
    epilogue:
      expect('y.shape.join() === "1,5,5,6"', 'y [1, 5, 5, 6]') +
      expect('g.shape.join() === offset.shape.join()', 'the offset gradient to have the offset shape') +
      expect('layer.numParameters() > dcn.numParameters()', 'the pack layer to own its offset predictor'),
  },
  '@aligndet/fcos-head': {
    prelude: `${BACKEND}${FEATURES}const featureSizes = __sizes;
const images = [{ boxes: new Float32Array([8, 8, 40, 48]), labels: new Int32Array([3]) }];
`,
    epilogue:
      expect('Number.isFinite(value.dataSync()[0])', 'a finite loss') +
      expect('Object.keys(grads).length === head.parameters().length', 'a gradient for every parameter') +
      expect('assignments[0].numPositives > 0', 'positives for the box'),
    timeoutSeconds: 300,
  },
  '@aligndet/rfa': {
    prelude: `${BACKEND}${FEATURES}`,
    epilogue: expect('rfa.addedParameters === 124470', 'the official preset to add 124,470 parameters'),
    timeoutSeconds: 300,
  },
  '@aligndet/spatial-assigner': {
    prelude: `import { gridPoints as __gridPoints } from '@aligndet/fcos-head';
const { points, strides, levels } = __gridPoints([[8, 8], [4, 4], [2, 2], [1, 1], [1, 1]], [8, 16, 32, 64, 128]);
const __P = strides.length;
const gtBoxes = new Float32Array([4, 4, 44, 36, 30, 20, 62, 62]);
const gtLabels = new Int32Array([2, 7]);
let __s = 1;
const __rand = () => ((__s = (__s * 16807) % 2147483647) / 2147483647);
const clsLogits = Float32Array.from({ length: __P * 80 }, () => -4 + __rand());
const boxDistances = Float32Array.from({ length: __P * 4 }, () => 0.5 + 2 * __rand());
`,
    epilogue:
      expect('a.gtIndex.length === __P', 'one gtIndex per point') +
      expect('a.gtIndex.some((g) => g === 0) && a.gtIndex.some((g) => g === 1)', 'positives for both boxes'),
  },
  '@aligndet/task-aligned-assigner': {
    prelude: `const gtBoxes = new Float32Array([4, 4, 44, 36, 30, 20, 62, 62]);
const gtLabels = new Int32Array([2, 7]);
let __s = 1;
const __rand = () => ((__s = (__s * 16807) % 2147483647) / 2147483647);
const __P = 64 + 16 + 4;
const clsLogits = Float32Array.from({ length: __P * 80 }, () => -4 + __rand());
const boxes = Float32Array.from({ length: __P * 4 }, (_, i) => [0, 0, 40, 40][i % 4] + 20 * __rand());
`,
    epilogue:
      expect('m.gtIndex.length === __P', 'one gtIndex per point') +
      expect('m.numPositives > 0 && m.metrics.quality.some((q) => q > 0)', 'positives with quality targets'),
  },
  '@aligndet/yolo-head': {
    prelude: `import * as __tf from '@tensorflow/tfjs-core';
import { initBackend as __initBackend } from '@aligndet/core-tensor';
await __initBackend('auto', { log: () => {} });
const features = [[8, 8], [4, 4], [2, 2]].map(([h, w], i) => __tf.randomNormal([1, h, w, 256], 0, 1, 'float32', i));
const gtBoxes = new Float32Array([4, 4, 44, 36, 30, 20, 62, 62]);
const gtLabels = new Int32Array([2, 7]);
`,
    epilogue:
      expect('Number.isFinite(value.dataSync()[0])', 'a finite loss') +
      expect('Object.keys(grads).length === head.parameters().length', 'a gradient for every parameter') +
      expect('matches[0].numPositives > 0', 'positives for the boxes'),
    timeoutSeconds: 300,
  },
  '@aligndet/coco-eval': {
    // the eval-only example's sample, whose numbers are known independently (sample/expected.json)
    prelude: `import { readFileSync as __read } from 'node:fs';
const gtJson = JSON.parse(__read('instances_val2017.json', 'utf8'));
const __dt = JSON.parse(__read('detections.json', 'utf8'));
const imageIds = __dt.map((d) => d.image_id);
const categoryIds = __dt.map((d) => d.category_id);
const boxes = __dt.flatMap((d) => d.bbox);
const scores = __dt.map((d) => d.score);
const __expected = JSON.parse(__read('expected.json', 'utf8'));
`,
    epilogue:
      expect('Math.abs(result.stats[0] - __expected.stats[0]) < 1e-12', 'AP of the sample') +
      expect('curves.length === 3', 'a PR curve per category') +
      expect(
        'Math.abs(evaluateCoco(gtJson, { imageIds, categoryIds, boxes, scores }).stats[1] - __expected.stats[1]) < 1e-12',
        'the column input to give the same AP50',
      ),
  },
  '@aligndet/trainer': {
    // 300 iterations on 1,000 images is the README's real run (~7 min); same code path, tiny sizes
    substitutions: [
      [
        "['solver.maxIter=300']",
        "['solver.maxIter=2', 'solver.batchSize=2', 'solver.warmupIters=0', 'solver.steps=[100]', 'data.builtin.numTrain=4', 'data.builtin.numVal=2', 'data.builtin.imageSize=64', 'data.minSize=64', 'data.maxSize=64', 'model.fpnChannels=16', 'model.headChannels=16', 'model.headConvs=1', 'model.headGroups=4', 'run.logPeriod=1', 'run.evalPeriod=100', 'run.checkpointPeriod=100']",
      ],
      // the reader's photo: a validation image of the tiny built-in dataset the run just wrote
      ["['photo.jpg']", "['data/shapes/seed0-n4-2-s64/val/images/000001.png']"],
    ],
    epilogue:
      expect('stats.length === 12', '12 COCO stats') +
      expect('typeof runDir === "string"', 'a run folder') +
      expect('p.detections.scores.length >= 0 && p.scale.length === 2', 'a prediction for the image'),
    timeoutSeconds: 300,
  },
};

/** The first ```ts block under the README's "## Quick start…" heading. */
function quickStart(readme, name) {
  const at = readme.search(/^## Quick start/m);
  if (at < 0) fail(`${name}: the packed README.md has no "## Quick start" section`);
  const block = /```(?:ts|typescript)\n([\s\S]*?)```/.exec(readme.slice(at));
  if (!block) fail(`${name}: the README's Quick start has no \`\`\`ts code block`);
  return block[1];
}

function main() {
  const rootPkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
  const tfjsVersion = (dep) =>
    rootPkg.devDependencies?.[dep] ?? fail(`root package.json has no devDependency ${dep}`);
  const packages = readdirSync(join(repo, 'packages'))
    .map((dir) => ({
      dir: join(repo, 'packages', dir),
      pkg: JSON.parse(readFileSync(join(repo, 'packages', dir, 'package.json'), 'utf8')),
    }))
    .filter(({ pkg }) => !pkg.private);
  for (const { pkg } of packages)
    if (!QUICK_STARTS[pkg.name])
      fail(`${pkg.name}: no quick-start entry in tools/pack-check.mjs (add its prelude/epilogue)`);

  const work = mkdtempSync(join(tmpdir(), 'aligndet-pack-check-'));
  const tarballs = join(work, 'tarballs');
  const project = join(work, 'project');
  mkdirSync(tarballs);
  mkdirSync(project);
  log(`scratch folder ${work}`);
  try {
    // 1. pack
    const packed = [];
    for (const { dir, pkg } of packages) {
      if (!existsSync(join(dir, 'dist'))) fail(`${pkg.name}: no dist/ — run \`npm run build\` first`);
      const info = JSON.parse(
        run('npm', ['pack', '--json', '--pack-destination', tarballs], {
          cwd: dir,
          what: `npm pack (${pkg.name})`,
        }),
      )[0];
      const files = info.files.map((f) => f.path);
      const tests = files.filter((f) => /\.test\.[cm]?[jt]s$|(^|\/)test\/|__fixtures__/.test(f));
      if (tests.length) fail(`${pkg.name}: the tarball contains test files: ${tests.join(', ')}`);
      for (const required of ['package.json', 'README.md'])
        if (!files.includes(required)) fail(`${pkg.name}: the tarball lacks ${required}`);
      for (const target of exportTargets(pkg))
        if (!files.includes(target.replace(/^\.\//, '')))
          fail(`${pkg.name}: package.json points to ${target}, which is not in the tarball`);
      packed.push({
        name: pkg.name,
        file: join(tarballs, info.filename),
        pkg,
        size: info.size,
        count: files.length,
      });
      log(`packed ${info.filename} (${files.length} files, ${(info.size / 1024).toFixed(0)} kB)`);
    }

    // 2. install into a project outside the repo
    writeFileSync(
      join(project, 'package.json'),
      `${JSON.stringify({ name: 'aligndet-pack-check', version: '0.0.0', private: true }, null, 2)}\n`,
    );
    const deps = [
      ...packed.map((p) => p.file),
      `@tensorflow/tfjs-core@${tfjsVersion('@tensorflow/tfjs-core')}`,
      `@tensorflow/tfjs-backend-cpu@${tfjsVersion('@tensorflow/tfjs-backend-cpu')}`,
      `@tensorflow/tfjs-backend-wasm@${tfjsVersion('@tensorflow/tfjs-backend-wasm')}`,
    ];
    log(`npm install ${packed.length} tarballs + tfjs-core, -backend-cpu, -backend-wasm in ${project}`);
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...deps], {
      cwd: project,
      what: 'npm install (scratch project)',
    });
    for (const p of packed) {
      const installed = join(project, 'node_modules', p.name, 'package.json');
      if (!existsSync(installed)) fail(`${p.name}: not installed in the scratch project`);
      const v = JSON.parse(readFileSync(installed, 'utf8')).version;
      if (v !== p.pkg.version) fail(`${p.name}: installed ${v}, packed ${p.pkg.version}`);
      if (existsSync(join(project, 'node_modules', p.name, 'node_modules', '@aligndet')))
        fail(`${p.name}: got its own nested @aligndet/* copy instead of the packed tarballs`);
    }

    // 3. CJS require and ESM import of every entry point, same export names
    for (const p of packed) {
      for (const entry of entryPoints(p.pkg)) {
        const spec = entry === '.' ? p.name : `${p.name}/${entry.slice(2)}`;
        if (spec === '@aligndet/core-tensor/testing') {
          log(`${spec}: skipped (test helpers; needs the optional peer vitest)`);
          continue;
        }
        const script = `
          const cjs = Object.keys(require(${JSON.stringify(spec)})).filter((k) => k !== 'default' && k !== '__esModule').sort();
          import(${JSON.stringify(spec)}).then((m) => {
            const esm = Object.keys(m).filter((k) => k !== 'default' && k !== 'module.exports').sort();
            if (cjs.length === 0) throw new Error('require() gave no exports');
            const a = cjs.join(','), b = esm.join(',');
            if (a !== b) throw new Error('CJS and ESM exports differ:\\n  cjs: ' + a + '\\n  esm: ' + b);
            console.log(cjs.length);
          });`;
        writeFileSync(join(project, 'load.cjs'), script);
        const count = run(process.execPath, ['load.cjs'], {
          cwd: project,
          what: `require/import of ${spec}`,
        }).trim();
        log(`${spec}: require() and import() load, ${count} identical exports`);
      }
    }

    // 4. README quick starts
    const sample = join(repo, 'examples', 'eval-only', 'sample');
    copyFileSync(join(sample, 'gt.json'), join(project, 'instances_val2017.json'));
    copyFileSync(join(sample, 'results.json'), join(project, 'detections.json'));
    copyFileSync(join(sample, 'expected.json'), join(project, 'expected.json'));
    for (const p of packed) {
      const spec = QUICK_STARTS[p.name];
      let snippet = quickStart(
        readFileSync(join(project, 'node_modules', p.name, 'README.md'), 'utf8'),
        p.name,
      );
      for (const [from, to] of spec.substitutions ?? []) {
        if (!snippet.includes(from))
          fail(`${p.name}: the README quick start no longer contains ${from} (update tools/pack-check.mjs)`);
        snippet = snippet.replace(from, to);
      }
      let js;
      try {
        js = transformSync(`${spec.prelude ?? ''}\n${snippet}\n${spec.epilogue ?? ''}`, {
          loader: 'ts',
          format: 'esm',
          target: 'node20',
          // keep every import, even ones the snippet does not use: they must exist
          tsconfigRaw: { compilerOptions: { verbatimModuleSyntax: true } },
        }).code;
      } catch (error) {
        fail(`${p.name}: the README quick start does not parse:\n${error.message}`);
      }
      const file = `quickstart-${p.name.split('/')[1]}.mjs`;
      writeFileSync(join(project, file), js);
      const t0 = Date.now();
      run(process.execPath, [file], {
        cwd: project,
        timeout: (spec.timeoutSeconds ?? 120) * 1000,
        what: `${p.name}: README quick start (${join(project, file)})`,
      });
      log(`${p.name}: README quick start ran (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
    }

    // 5. the CLIs
    const bin = (name) => join(project, 'node_modules', '.bin', name);
    const help = run(bin('aligndet'), ['--help'], { cwd: project, what: 'aligndet --help' });
    if (!help.includes('train')) fail(`aligndet --help does not list the train command:\n${help}`);
    const summary = run(
      bin('aligndet-coco-eval'),
      ['--gt', 'instances_val2017.json', '--dt', 'detections.json'],
      {
        cwd: project,
        what: 'aligndet-coco-eval on the sample',
      },
    );
    if (summary.trimEnd().split('\n').length !== 12) fail(`aligndet-coco-eval printed:\n${summary}`);
    log('CLIs: aligndet --help, aligndet-coco-eval (12-line summary)');
    log(`passed: ${packed.length} packages in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    if (keep) log(`kept ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/** Export-map keys that are entry points (not ./package.json). */
function entryPoints(pkg) {
  return Object.keys(pkg.exports ?? { '.': null }).filter((k) => k !== './package.json');
}

/** Every file path package.json points to for consumers (main, module, types, exports, bin). */
function exportTargets(pkg) {
  const out = new Set([pkg.main, pkg.module, pkg.types].filter(Boolean));
  const walk = (v, condition) => {
    if (typeof v === 'string') {
      if (condition !== '@aligndet/source') out.add(v);
    } else if (v && typeof v === 'object') for (const [k, c] of Object.entries(v)) walk(c, k);
  };
  walk(pkg.exports);
  for (const b of Object.values(typeof pkg.bin === 'string' ? { bin: pkg.bin } : (pkg.bin ?? {}))) out.add(b);
  return [...out].map((p) => (p.startsWith('./') ? p : `./${p}`));
}

try {
  execFileSync('npm', ['--version'], { stdio: 'ignore' });
  main();
} catch (error) {
  if (error instanceof CheckError) {
    console.error(`\npack-check FAILED: ${error.message}`);
    process.exit(1);
  }
  throw error;
}
