import { defineConfig } from 'vitest/config';

// One runner for unit tests (next to the code), integration tests (real server on port 0)
// and browser e2e tests (Playwright driving Debian's Chromium).
export default defineConfig({
  test: {
    include: ['{shared,server,client,boards}/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'client/dist/**', 'tests/bench/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
