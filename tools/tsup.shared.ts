import { defineConfig, type Options } from 'tsup';

/**
 * The one tsup configuration every aligndet package builds with: ESM + CJS + d.ts,
 * one bundle per public entry, dependencies left external.
 */
export function packageBuildConfig(
  entries: Record<string, string> = { index: 'src/index.ts' },
  extra: Options = {},
) {
  return defineConfig({
    entry: entries,
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { customConditions: [] } },
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: false,
    treeshake: true,
    external: [/^@aligndet\//, /^@tensorflow\//],
    ...extra,
  });
}
