import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Real handshakes, openssl and keytool processes: generous per-test limits, not sleeps.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
