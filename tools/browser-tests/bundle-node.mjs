// Bundles a Node-side TypeScript entry of a browser test (the Node reference) from the repo's
// sources: the `@aligndet/source` condition, tfjs packages external (one engine; tfjs-core's
// gradient files are compiled in through the sources' imports), native and CLI dependencies
// external. Output is an ESM file to run with `node`.
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const repo = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export async function bundleForNode(entry, outfile) {
  await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    platform: 'node',
    conditions: ['@aligndet/source'],
    outfile,
    external: [
      'sharp',
      '@resvg/resvg-js',
      'pngjs',
      'jpeg-js',
      'zod',
      'commander',
      'cli-progress',
      'fflate',
      'vega',
      'vega-lite',
    ],
    plugins: [
      {
        name: 'tfjs-external',
        setup(b) {
          b.onResolve({ filter: /^@tensorflow\/tfjs-(core|backend-[a-z]+)$/ }, (a) => ({
            path: a.path,
            external: true,
          }));
        },
      },
    ],
    nodePaths: [join(repo, 'node_modules')],
    logLevel: 'error',
  });
}
