// @module-tag browser
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { openDatabase, type Database } from '../../src/db/openDatabase';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem } from '../../src/db/tenancy/scopes';
import { demoIds, seedDemo } from '../../src/demo/seedDemo';
import { seedDemoJourneys } from '../../src/demo/seedDemoJourneys';
import { createApp } from '../../src/app/createApp';
import { createLogger } from '../../src/logging/createLogger';
import { hashPassword } from '../../src/web/auth/hashPassword';
import { webRoutes } from '../../src/web/webRoutes';
import { ManualClock } from '../support/manualClock';
import { TEST_PASSWORD, TEST_SESSION_SECRET, launchBrowser, saveScreenshot, signIn } from '../support/webWorld';

// The console on what `npm start` runs by default: the embedded PostgreSQL (started in a temporary
// data folder) with the demo data.
const dataDir = mkdtempSync(join(tmpdir(), 'coaching-web-embedded-'));
let database: Database;
let server: ServerType;
let baseUrl: string;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
const shutdown = new AbortController();

beforeAll(async () => {
  database = await openDatabase({ dataDir, poolSize: 4 });
  await migrateDatabase(database);
  const clock = new ManualClock();
  await seedDemo(database.orm.em);
  await seedDemoJourneys(database.orm.em, resolve('flows'), clock.now());
  await scopedSql(asSystem(database.orm.em, 'test setup'), 'update users set password_hash = :hash where id = :id', { hash: await hashPassword(TEST_PASSWORD), id: demoIds.admin });
  const logger = createLogger('silent');
  const app = createApp({ database, logger });
  app.route('/', webRoutes({ engine: { orm: database.orm, clock, logger }, sessionSecret: TEST_SESSION_SECRET, secureCookies: false, shutdownSignal: shutdown.signal }));
  server = await new Promise<ServerType>((ready) => {
    const started = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => ready(started));
  });
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
}, 60_000);
afterAll(async () => {
  await browser?.close();
  shutdown.abort();
  if (server) await new Promise<void>((done) => { server.close(() => done()); if ('closeAllConnections' in server) server.closeAllConnections(); });
  await database?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the console on the embedded database with the demo data', () => {
  it("opens the console from the server's own address", async () => {
    const root = await fetch(`${baseUrl}/`, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([303, '/coach']);
  });

  it('signs the demo admin in, lists the demo workers, opens one, and plays a step in the simulator', async () => {
    const { page } = await signIn(browser.browser, baseUrl, 'admin@acme.example');
    const names = await page.locator('table[aria-label="Workers"] tbody td:first-child a').allTextContents();
    expect(names.length).toBe(5);
    await page.locator('table[aria-label="Workers"] tbody td:first-child a').first().click();
    await page.waitForSelector('ol.thread > li');
    expect(await page.locator('ol.thread > li[data-direction="outbound"]').count()).toBeGreaterThan(0);

    await page.goto(`${baseUrl}/coach/simulator`);
    await page.getByLabel('Journey version').selectOption({ index: 0 });
    await page.getByRole('button', { name: 'Start a test run' }).click();
    await page.waitForSelector('#sim-thread > li');
    const before = await page.locator('#sim-thread > li').count();
    await page.getByLabel('Reply as the worker').fill('1');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.waitForFunction((n) => document.querySelectorAll('#sim-thread > li').length > n + 1, before, { timeout: 10_000 });
    await saveScreenshot(page, 'simulator-embedded');

    await page.getByRole('link', { name: 'Programs' }).click();
    await page.getByRole('link', { name: 'New starters', exact: true }).click();
    expect(await page.getByTestId('enrolled').textContent()).toBe('5');
    expect(await page.locator('svg[data-chart="funnel"] g[data-value]').count()).toBeGreaterThan(3);
  });
});
