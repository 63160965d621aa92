import { fileURLToPath } from 'node:url';
import { defineProject } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * In-repo tests import `@aligndet/*` packages from their sources, so no build step is
 * needed before `npm test`.
 */
export const sourceAliases = [
  // subpath exports: `@aligndet/<package>/<name>` is `packages/<package>/src/<name>/index.ts`
  { find: /^@aligndet\/([a-z-]+)\/([a-z-]+)$/, replacement: `${root}packages/$1/src/$2/index.ts` },
  { find: /^@aligndet\/([a-z-]+)$/, replacement: `${root}packages/$1/src/index.ts` },
];

/** The vitest project config of one package (tests under `src/` and `test/`). */
export function packageTestConfig(name: string, overrides: { testTimeout?: number } = {}) {
  return defineProject({
    resolve: { alias: sourceAliases },
    test: {
      name,
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      environment: 'node',
      testTimeout: overrides.testTimeout ?? 60_000,
      hookTimeout: 60_000,
    },
  });
}
