import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'examples/*'],
    // Two cores: one test file per core.
    maxWorkers: 2,
  },
});
