import { defineConfig } from 'vitest/config';

// Three projects: fast units (adapters, templates, sync logic), the server against real databases,
// and end-to-end tests that build the extension and drive it in Chromium.
export default defineConfig({
  test: {
    // One file at a time: the e2e suites assert what an agent would notice in time (a sidebar that
    // follows navigation within half a second), which a unit worker on the other core would blur.
    maxWorkers: 1,
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      { test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], environment: 'node', setupFiles: ['tests/unit/fast-check-seed.ts'] } },
      { test: { name: 'server', include: ['tests/server/**/*.test.ts'], environment: 'node', testTimeout: 30_000, fileParallelism: false } },
      {
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/e2e/setup/global.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
