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
    // tfjs packages stay external, except tfjs-core's gradient definitions: they ship only as
    // extensionless ESM sources that Node cannot load, so the build bundles them (as the
    // `@tensorflow/tfjs` union package does); they register into tfjs-core's global registry.
    ...extra,
    external: [
      /^@aligndet\//,
      /^@tensorflow\/tfjs-core$/,
      /^@tensorflow\/tfjs-(backend|node)/,
      ...(extra.external ?? []),
    ],
    noExternal: [/^@tensorflow\/tfjs-core\/dist\//],
  });
}
