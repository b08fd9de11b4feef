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
    // A worker keeps its modules from one test file to the next: importing the ORM, the app and their
    // dependencies again for every file cost more than the tests themselves. Each file still gets its
    // own database, and the caches that live in modules are keyed by organization or content, which
    // each file creates afresh (the demo seed's fixed ids excepted: no test changes the demo's texts or rules).
    isolate: false,
    tags: [browserTests.tag],
  },
});
