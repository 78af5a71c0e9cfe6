import { defineConfig } from 'vitest/config';

// One runner, two projects. "unit" holds the unit tests (next to the code) and the integration tests (real
// server on port 0, real clients); "browser" holds the e2e tests (playwright-core driving Chromium), whose
// global setup builds the production client once per run and runs only when a browser test is selected.
//
// Speed (BENCHMARKS.md, "Test suite"): both projects share one pool of two forks, so the 2-core machine runs
// two files at a time: a browser file (mostly waiting on Chromium and its server) beside another browser or
// unit file. Vitest's default on 2 cores is one fork (cores - 1), which left a core idle most of the run.
// The browser files run first (vitest orders projects by name), the longest known first, so the unit files
// fill the end of the run.
export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['{shared,server,client,boards}/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
          exclude: ['**/node_modules/**', 'client/dist/**', 'tests/bench/**', 'tests/e2e/**'],
          // A fork runs file after file with the modules it loaded (yjs, zod, fastify, the server) kept: loading
          // them again for each of ~90 files was about 40% of this project's CPU (measured: the files next to the
          // code took 63 s of CPU isolated and 25 s not; tests/integration about 88 s and 64 s). What a file sets
          // up it tears down (servers, clients, fake timers), which is what makes this safe; vitest still
          // restores mocks and config between files.
          isolate: false,
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
          // A fork runs browser file after browser file with its modules loaded once (the server, playwright)
          // and one Chromium (tests/helpers/browser.ts, sharedBrowser); each file still gets its own server and
          // browser contexts, and tests/e2e/setup.ts closes the contexts and clears the page errors per file.
          isolate: false,
          setupFiles: ['tests/e2e/setup.ts'],
        },
      },
    ],
  },
});
