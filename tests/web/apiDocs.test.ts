// @module-tag browser
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, launchBrowser, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;
let browser: Awaited<ReturnType<typeof launchBrowser>>;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'onboarding' });
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
  await db?.destroy();
});

describe('/docs', () => {
  it('draws Swagger UI from files served by the engine itself, under a script-src self policy', async () => {
    const context = await browser.browser.newContext();
    const page = await context.newPage();
    const origins = new Set<string>();
    page.on('request', (request) => origins.add(new URL(request.url()).origin));
    const answer = await page.goto(`${world.baseUrl}/docs`);
    expect(answer?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.waitForSelector('.swagger-ui .info .title');
    expect(await page.locator('.swagger-ui .info .title').textContent()).toContain('Coaching engine management API');
    expect([...origins]).toEqual([world.baseUrl]);
    await context.close();
  });
});
