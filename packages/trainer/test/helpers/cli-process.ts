import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const pkg = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles `src/cli.ts` (with the workspace packages from source) into one file a plain `node`
 * runs, as `tsup` does for `dist/cli.js`, so a test can run the real CLI as a process it may kill.
 * Returns the bundle's path.
 */
export async function bundleCli(): Promise<string> {
  const outfile = join(pkg, 'node_modules', '.cache', 'aligndet-test', String(process.pid), 'cli.mjs');
  mkdirSync(dirname(outfile), { recursive: true });
  await build({
    entryPoints: [join(pkg, 'src', 'cli.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    outfile,
    conditions: ['@aligndet/source'],
    // as tools/tsup.shared.ts: tfjs external except tfjs-core's gradient sources, which only ship as ESM
    external: ['@tensorflow/tfjs-backend-*', '@tensorflow/tfjs-node*', 'sharp', '@resvg/resvg-js'],
    plugins: [
      {
        name: 'tfjs-core-external',
        setup(b) {
          b.onResolve({ filter: /^@tensorflow\/tfjs-core$/ }, (args) => ({
            path: args.path,
            external: true,
          }));
        },
      },
    ],
    // keep side-effect imports (core-tensor registers its gradients) despite "sideEffects": false
    ignoreAnnotations: true,
    logLevel: 'error',
    banner: {
      js: "import { createRequire as __cliCreateRequire } from 'node:module'; const require = __cliCreateRequire(import.meta.url);",
    },
  });
  return outfile;
}

/** Runs the bundled CLI; returns its exit code (null when killed), signal and output. */
export function runCliProcess(
  bundle: string,
  args: string[],
  env: Record<string, string> = {},
): { status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [bundle, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
