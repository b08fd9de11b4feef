import type { TestTagDefinition } from 'vitest/config';

/** The browser the console tests drive: CHROMIUM_PATH, else Debian's chromium. */
export function chromiumPath(env: Record<string, string | undefined>): string {
  return env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/**
 * The `browser` tag of the test files that drive chromium (`// @module-tag browser` in the file).
 * Without a browser, outside CI, their tests are skipped with one line saying how to enable them;
 * CI (`CI` set) always runs them, so a missing browser fails there.
 */
export function chooseBrowserTests(env: Record<string, string | undefined>, exists: (path: string) => boolean): { tag: TestTagDefinition; note?: string } {
  const path = chromiumPath(env);
  const tag = { name: 'browser', description: `drives chromium (${path})` };
  if (env.CI || exists(path)) return { tag };
  return {
    tag: { ...tag, skip: true },
    note: `Browser tests skipped: no chromium at ${path} (install Debian's chromium, or set CHROMIUM_PATH to a Chromium binary).`,
  };
}
