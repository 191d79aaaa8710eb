import { defineConfig } from 'vitest/config';

// End-to-end scenarios: the real server as a child process, driven through Chromium.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
