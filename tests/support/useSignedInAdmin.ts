import type { Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './testDatabase';
import { createWebWorld, launchBrowser, signIn, type WebWorld } from './webWorld';

/** A suite's console with an org admin signed in. */
export interface SignedInAdmin {
  db: TestDatabase;
  world: WebWorld;
  browser: Awaited<ReturnType<typeof launchBrowser>>;
  /** The page of Olga Admin (olga@example.test, org_admin), signed in. */
  admin: Page;
}

/**
 * For the calling suite (beforeAll): a database, the console served on it with the options
 * `options` answers (called once the database exists, e.g. after starting a provider fake), a
 * browser and an org admin signed in; the browser, console and database closed after the suite.
 */
export function useSignedInAdmin(options: () => Parameters<typeof createWebWorld>[1] | Promise<Parameters<typeof createWebWorld>[1]>): () => SignedInAdmin {
  let db: TestDatabase | undefined;
  let world: WebWorld | undefined;
  let browser: SignedInAdmin['browser'] | undefined;
  let admin: Page | undefined;
  beforeAll(async () => {
    db = await createTestDatabase();
    world = await createWebWorld(db, await options());
    browser = await launchBrowser();
    await world.addStaff('org_admin', 'olga@example.test', undefined, 'Olga Admin');
    ({ page: admin } = await signIn(browser.browser, world.baseUrl, 'olga@example.test'));
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
    await db?.destroy();
  });
  return () => {
    if (!db || !world || !browser || !admin) throw new Error('the signed-in console is created in beforeAll');
    return { db, world, browser, admin };
  };
}
