import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Integration tests start real servers (Temporal, SMTP, Chromium) on a 2-core machine.
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
