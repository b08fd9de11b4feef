import type { Page } from 'playwright-core';
import type { UserRole } from '../../src/db/entities/User';
import type { EngineWorldOptions } from './engineWorld';
import { createTestDatabase } from './testDatabase';
import { createWebWorld, launchBrowser, signIn, type WebWorld } from './webWorld';

export interface ConsoleSessionOptions {
  flow: EngineWorldOptions['flow'];
  /** The staff member signed in to the console. */
  staff: { role: UserRole; email: string; name: string };
  /** What the console gets beside the engine (a secret box, provider fakes). */
  web?: Parameters<typeof createWebWorld>[1]['web'];
  /** Runs on the world before the sign-in (workers played, flows published). */
  prepare?: (world: WebWorld) => Promise<void>;
}

/** A database, a web world and Debian's chromium with one staff member signed in: a browser test file's set-up. */
export async function openConsoleSession(options: ConsoleSessionOptions) {
  const db = await createTestDatabase();
  const world = await createWebWorld(db, { flow: options.flow, web: options.web });
  const browser = await launchBrowser();
  await options.prepare?.(world);
  await world.addStaff(options.staff.role, options.staff.email, undefined, options.staff.name);
  const { page } = await signIn(browser.browser, world.baseUrl, options.staff.email);
  return {
    db,
    world,
    browser,
    page: page as Page,
    async close() {
      await browser.close();
      await world.close();
      await db.destroy();
    },
  };
}

export type ConsoleSession = Awaited<ReturnType<typeof openConsoleSession>>;
