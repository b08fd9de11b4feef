import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * Channel tests need no database: run them alone with
 * `npx vitest run --config tests/channels/vitest.config.ts`.
 */
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  test: {
    include: ['tests/channels/**/*.test.ts'],
    testTimeout: 15_000,
  },
});
