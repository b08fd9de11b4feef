import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import type { UserRole } from '../../src/db/entities/User';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem } from '../../src/db/tenancy/scopes';
import { hashPassword } from '../../src/web/auth/hashPassword';
import type { WebDependencies } from '../../src/web/webDependencies';
import { webRoutes } from '../../src/web/webRoutes';
import { chromiumPath } from './chooseBrowserTests';
import { createHttpWorld, type HttpWorld } from './httpWorld';
import type { EngineWorldOptions } from './engineWorld';
import type { TestDatabase } from './testDatabase';

export const TEST_SESSION_SECRET = 'test-session-secret-0123456789abcdefghij';
export const TEST_PASSWORD = 'correct horse battery staple';

/** Screenshots of a test run (git-ignored) for a reviewer to look at. */
export const screenshotDir = join(process.cwd(), 'tests', 'web', 'screenshots');

/** Debian's chromium, headless, with nothing phoning home and a fresh profile (Playwright makes a temporary one per launch). */
export async function launchBrowser(): Promise<{ browser: Browser; close(): Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: chromiumPath(process.env),
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  return {
    browser,
    async close() {
      await browser.close();
    },
  };
}

/** An HTTP world with the console mounted, served on 127.0.0.1 on a free port. */
export async function createWebWorld(db: TestDatabase, options: EngineWorldOptions & { timezone?: string; web?: Pick<WebDependencies, 'secretBox' | 'publicUrl' | 'providerBaseUrls' | 'outboundPolicy'> }) {
  const world = await createHttpWorld(db, options);
  const shutdown = new AbortController();
  let wakes = 0;
  world.app.route('/', webRoutes({ wakeDispatcher: () => { wakes++; }, engine: world.deps, sessionSecret: TEST_SESSION_SECRET, secureCookies: false, shutdownSignal: shutdown.signal, sessionTtlMs: 365 * 86_400_000, ...options.web }));
  await scopedSql(asSystem(db.orm.em, 'test setup'), `update organizations set settings = :settings where id = :id`, {
    id: world.organization.id,
    settings: JSON.stringify({ timezone: options.timezone ?? 'Africa/Nairobi' }),
  });
  const server = await new Promise<ServerType>((ready) => {
    const started = serve({ fetch: world.app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(started));
  });
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    ...world,
    baseUrl,
    shutdown,
    /** How many times the console woke the dispatcher. */
    wakes: () => wakes,
    /** A staff user of this organization (or another) who can sign in with TEST_PASSWORD. */
    async addStaff(role: UserRole, email: string, organizationId = world.organization.id, name = `Staff ${role}`) {
      const [user] = await scopedSql<{ id: string }>(
        asSystem(db.orm.em, 'test setup'),
        `insert into users (organization_id, email, role, display_name, password_hash) values (:organization, :email, :role, :name, :hash) returning id`,
        { organization: organizationId, email, role, name, hash: await hashPassword(TEST_PASSWORD) },
      );
      return { id: user.id, email };
    },
    async close() {
      shutdown.abort();
      await new Promise<void>((done) => {
        server.close(() => done());
        if ('closeAllConnections' in server) server.closeAllConnections();
      });
    },
  };
}

export type WebWorld = Awaited<ReturnType<typeof createWebWorld>>;
export type { HttpWorld };

/** Signs in through the real form, in a fresh browser context; returns the page on the worker list. */
export async function signIn(browser: Browser, baseUrl: string, email: string, password = TEST_PASSWORD): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1200, height: 900 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/coach/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForLoadState('domcontentloaded');
  return { context, page };
}

/** A form post from inside the signed-in page, with its form token (as a crafted submit would be); answers the status. */
export function postFromPage(page: Page, path: string, fields: Record<string, string>): Promise<number> {
  return page.evaluate(async ({ path, fields }) => {
    const token = document.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
    const response = await fetch(path, { method: 'POST', body: new URLSearchParams({ _csrf: token, ...fields }), redirect: 'manual' });
    return response.status;
  }, { path, fields });
}

/** Saves a full-page screenshot under tests/web/screenshots. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}
