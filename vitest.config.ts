import { existsSync } from 'node:fs';
import { defineConfig } from 'vitest/config';
// With its extension: Vite's config loader warns about an import without one.
import { chooseBrowserTests } from './tests/support/chooseBrowserTests.js';

const browserTests = chooseBrowserTests(process.env, existsSync);
if (browserTests.note) console.log(browserTests.note);

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/globalSetup.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: more workers only queue on the database.
    maxWorkers: 2,
    tags: [browserTests.tag],
  },
});
