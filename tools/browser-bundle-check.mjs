#!/usr/bin/env node
// Proves that every browser-facing entry of every package bundles for a web page, and measures it.
//
// For each entry a web app may import (each package's exports except `./node`, `./testing`,
// `./package.json` and those reached only under the `node` condition), esbuild bundles
// `import * as m from '<entry>'` with `platform: 'browser'`, minified, tfjs packages external (the
// app brings its own tfjs) and nothing stubbed: a Node built-in anywhere in the graph fails the
// bundle. The output is one line per entry with its minified and gzip size; `--json FILE` writes them.
// In dist mode it also checks that no dist file (but the one documented Node shim) contains
// tfjs-core modules (a second tfjs-core).
//
//   node tools/browser-bundle-check.mjs            dist (after npm run build): what npm users get
//   node tools/browser-bundle-check.mjs --source   sources (no build; what the tests use)
//   node tools/browser-bundle-check.mjs --root DIR --stub-node   measure another checkout whose
//        entries import Node built-ins (they are left external, so the size excludes them)
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const argv = process.argv.slice(2);
const opt = (name) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const root = resolve(opt('--root') ?? fileURLToPath(new URL('..', import.meta.url)));
const source = argv.includes('--source');
const stubNode = argv.includes('--stub-node');
const jsonOut = opt('--json');

/** The one dist file allowed to contain tfjs-core modules (see tools/tfjs-gradients-node.ts). */
const NODE_GRADIENT_SHIM = /core-tensor\/dist\/platform\/tfjs-gradients\.node\.c?js$/;

/** Whether an exports value leads to code outside the `node` condition (types and sources aside). */
function reachesCode(value, key = 'default') {
  if (key === 'node' || key === 'types' || key === '@aligndet/source') return false;
  if (typeof value === 'string') return true;
  return !!value && typeof value === 'object' && Object.entries(value).some(([k, v]) => reachesCode(v, k));
}

/** Browser-facing entries of a package: its exports a page can resolve. */
export function browserEntries(pkg) {
  const out = [];
  for (const [key, value] of Object.entries(pkg.exports ?? { '.': pkg.module ?? pkg.main })) {
    if (key === './package.json' || key === './node' || key === './testing') continue;
    const nodeOnly = !reachesCode(value);
    if (nodeOnly) continue;
    out.push(key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`);
  }
  return out;
}

/**
 * The app's own tfjs is not part of a package's size: tfjs files that are reached through a
 * package's `imports` map (tfjs-core's gradient registrations) are left out like the `@tensorflow/*`
 * imports are.
 */
const excludeTfjs = {
  name: 'exclude-tfjs',
  setup(b) {
    b.onLoad({ filter: /[\\/]node_modules[\\/]@tensorflow[\\/]/ }, () => ({ contents: '', loader: 'js' }));
  },
};

/** Bundles one entry for the browser; resolves to sizes, or rejects with esbuild's errors. */
export async function bundleForBrowser(entry, { repo = root, fromSource = source, stub = stubNode } = {}) {
  const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
  const r = await build({
    stdin: { contents: `export * from '${entry}';`, resolveDir: repo, loader: 'js' },
    bundle: true,
    write: false,
    minify: true,
    format: 'esm',
    platform: 'browser',
    conditions: fromSource ? ['@aligndet/source'] : [],
    external: ['@tensorflow/*', ...(stub ? nodeBuiltins : [])],
    logLevel: 'silent',
    metafile: true,
    nodePaths: [join(repo, 'node_modules')],
    // another checkout shares this repo's node_modules: point its own packages at its folders
    alias:
      resolve(repo) === root && !opt('--root')
        ? {}
        : Object.fromEntries(
            readdirSync(join(repo, 'packages')).map((p) => [`@aligndet/${p}`, join(repo, 'packages', p)]),
          ),
    plugins: [excludeTfjs],
  });
  const code = r.outputFiles[0].contents;
  return {
    entry,
    minified: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    inputs: Object.keys(r.metafile.inputs).length,
  };
}

/** Dist files that embed tfjs-core modules (from their source maps), the documented shim excepted. */
export function tfjsCoreCopies(repo = root) {
  const found = [];
  for (const p of readdirSync(join(repo, 'packages'))) {
    const dist = join(repo, 'packages', p, 'dist');
    if (!existsSync(dist)) continue;
    const walk = (dir) => {
      for (const f of readdirSync(dir, { withFileTypes: true })) {
        const file = join(dir, f.name);
        if (f.isDirectory()) walk(file);
        else if (f.name.endsWith('.js.map') || f.name.endsWith('.cjs.map')) {
          const js = file.slice(0, -4);
          const n = JSON.parse(readFileSync(file, 'utf8')).sources.filter((s) =>
            s.includes('@tensorflow/tfjs-core/'),
          ).length;
          if (n > 0 && !NODE_GRADIENT_SHIM.test(js.replaceAll('\\', '/')))
            found.push(`${js.slice(repo.length + 1)}: ${n} tfjs-core modules`);
        }
      }
    };
    walk(dist);
  }
  return found;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const rows = [];
  let failed = 0;
  for (const p of readdirSync(join(root, 'packages')).sort()) {
    const file = join(root, 'packages', p, 'package.json');
    if (!existsSync(file)) continue;
    const pkg = JSON.parse(readFileSync(file, 'utf8'));
    if (pkg.private) continue;
    for (const entry of browserEntries(pkg)) {
      try {
        const row = await bundleForBrowser(entry);
        rows.push(row);
        console.log(
          `browser-bundle: ${entry}: ok, ${(row.minified / 1024).toFixed(1)} KB min, ${(row.gzip / 1024).toFixed(1)} KB gzip (${row.inputs} modules)`,
        );
      } catch (error) {
        failed++;
        const first = (error.errors ?? [{ text: error.message }])[0];
        const where = first.location ? ` (${first.location.file}:${first.location.line})` : '';
        console.log(`browser-bundle: ${entry}: FAILED: ${first.text}${where}`);
      }
    }
  }
  if (!source && !stubNode) {
    const copies = tfjsCoreCopies();
    for (const c of copies) console.log(`browser-bundle: second tfjs-core copy: ${c}`);
    failed += copies.length;
  }
  if (jsonOut) writeFileSync(jsonOut, `${JSON.stringify(rows, null, 1)}\n`);
  process.exit(failed ? 1 : 0);
}
