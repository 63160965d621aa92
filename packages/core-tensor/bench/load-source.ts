// Loads this package from its sources for the benchmark. tsx cannot import tfjs-core's gradient
// registrations (extensionless ESM), so the sources are bundled first the way tsup builds the
// package: tfjs packages external, tfjs-core's `dist/` gradient files bundled in. run.ts deletes
// the bundle (bench/.build) when it is done.
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Bundles `src/index.ts` to `bench/.build/core-tensor.mjs` (unless `rebuild` is false) and imports it. */
export async function loadSource(rebuild = true): Promise<typeof import('../src/index')> {
  const outfile = `${here}.build/core-tensor.mjs`;
  if (rebuild) await bundle(outfile);
  return import(pathToFileURL(outfile).href);
}

async function bundle(outfile: string): Promise<void> {
  await build({
    entryPoints: [`${here}../src/index.ts`],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    outfile,
    logLevel: 'warning',
    plugins: [
      {
        name: 'tfjs-external',
        setup(b) {
          b.onResolve({ filter: /^@tensorflow\/tfjs-(core|backend-[a-z]+|node(-gpu)?)$/ }, (a) => ({
            path: a.path,
            external: true,
          }));
          b.onResolve({ filter: /^vitest/ }, (a) => ({ path: a.path, external: true }));
        },
      },
    ],
  });
}
