import { defineConfig } from 'vitest/config';

// One runner, two projects. "unit" holds the unit tests (next to the code) and the integration tests (real
// server on port 0, real clients); "browser" holds the e2e tests (playwright-core driving Chromium), whose
// global setup builds the production client once per run and runs only when a browser test is selected.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{shared,server,client,boards}/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'client/dist/**', 'tests/bench/**', 'tests/e2e/**'],
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['tests/e2e/**/*.test.ts'],
          // A browser test is a person's whole session: on a loaded 2-core machine one took 71 s that takes 10 s
          // at rest. Files that need longer still set their own.
          testTimeout: 120_000,
          globalSetup: ['tests/helpers/global-setup.ts'],
        },
      },
    ],
  },
});
