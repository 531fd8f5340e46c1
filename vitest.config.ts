import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Playwright specs (e2e/) run under Playwright, not here.
    include: ['packages/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'tests/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
