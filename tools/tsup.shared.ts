import type { Options } from 'tsup';

/**
 * The one tsup configuration every aligndet package builds with: ESM + CJS + d.ts, one bundle per
 * public entry, dependencies and the packages' internal `#…` imports (resolved per export
 * condition at install time, see each package.json's `imports`) left external.
 */
export function packageBuildConfig(
  entries: Record<string, string> = { index: 'src/index.ts' },
  extra: Options = {},
): Options {
  return {
    entry: entries,
    format: ['esm', 'cjs'],
    dts: { compilerOptions: { customConditions: [] } },
    sourcemap: true,
    clean: true,
    target: 'node20',
    splitting: false,
    treeshake: true,
    ...extra,
    external: [
      /^@aligndet\//,
      /^#/,
      /^@tensorflow\/tfjs-core$/,
      /^@tensorflow\/tfjs-(backend|node)/,
      ...(extra.external ?? []),
    ],
  };
}
