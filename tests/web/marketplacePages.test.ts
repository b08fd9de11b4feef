// @module-tag browser
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { publishListing } from '../../src/marketplace/publishListing';
import { createOrganization } from '../support/factories';
import { publishFlows } from '../support/publishFlows';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, launchBrowser, saveScreenshot, signIn, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let listingId = '';

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'onboarding' });
  browser = await launchBrowser();
  const expert = await createOrganization(asSystem(db.orm.em, 'test setup'), 'Safety Experts');
  await scopedSql(asSystem(db.orm.em, 'test setup'), `update organizations set type = 'expert' where id = :id`, { id: expert.id });
  const expertEm = forOrganization(db.orm.em, expert.id);
  await publishFlows(expertEm, ['bench-quiz']);
  const published = await publishListing(expertEm, { blueprintKey: 'bench-quiz', title: 'Shift basics quiz', description: 'Six questions for a first week.', languages: ['en'], duration: '1 day', tags: ['safety'], terms: { kind: 'seats', seats: 25, allowFork: false } });
  if (!('listingId' in published)) throw new Error(published.message);
  listingId = published.listingId;
  await world.addStaff('org_admin', 'client@example.test', undefined, 'Cleo Client');
  await world.addStaff('org_admin', 'expert@example.test', expert.id, 'Ed Expert');
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
  await db?.destroy();
});

describe("the marketplace pages, from browsing to an installed journey and the expert's anonymised usage", () => {
  let client: Page;
  let expert: Page;

  it('let a client filter the listings, preview one with its diagram and request a licence', async () => {
    ({ page: client } = await signIn(browser.browser, world.baseUrl, 'client@example.test'));
    await client.getByRole('link', { name: 'Marketplace' }).click();
    await client.getByLabel('Tag').fill('cooking');
    await client.getByRole('button', { name: 'Filter' }).click();
    expect(await client.locator('tr[data-listing]').count()).toBe(0);
    await client.getByLabel('Tag').fill('safety');
    await client.getByRole('button', { name: 'Filter' }).click();
    await client.getByRole('link', { name: 'Shift basics quiz' }).click();
    expect(await client.getByTestId('terms').textContent()).toBe('Per seat: 25 workers, read-only');
    expect(await client.getByTestId('preview').textContent()).toContain('1/6: Where do you clock in?');
    await client.waitForSelector('pre.mermaid svg', { timeout: 60_000 });
    expect(await client.locator('pre.mermaid svg').textContent()).toContain('q1');
    await saveScreenshot(client, 'marketplace-listing');
    await client.getByRole('button', { name: 'Request a licence' }).click();
    expect(await client.getByRole('status').textContent()).toContain('Licence requested');
    expect(await client.locator('table[aria-label="Licences held"] tbody tr').textContent()).toContain('requested');
  }, 120_000);

  it('let the expert grant it', async () => {
    ({ page: expert } = await signIn(browser.browser, world.baseUrl, 'expert@example.test'));
    await expert.goto(`${world.baseUrl}/coach/marketplace/licences`);
    expect(await expert.locator('table[aria-label="Licences of your listings"] tbody tr').textContent()).toContain('Shift basics quiz');
    await expert.getByRole('button', { name: 'Grant' }).click();
    expect(await expert.getByRole('status').textContent()).toBe('Licence granted.');
  }, 120_000);

  it('let the client install it read-only', async () => {
    await client.goto(`${world.baseUrl}/coach/marketplace/licences`);
    await client.getByRole('button', { name: 'Install', exact: true }).click();
    expect(await client.getByRole('status').textContent()).toContain('Installed "bench-quiz" version 1 (read-only)');
    expect(await client.locator('table[aria-label="Licences held"] tbody tr').textContent()).toContain('0 of 25');
    await saveScreenshot(client, 'marketplace-licences');
  }, 120_000);

  it("show the expert the usage, small groups suppressed, and nobody else", async () => {
    await expert.goto(`${world.baseUrl}/coach/marketplace/${listingId}`);
    await expert.getByRole('link', { name: 'Usage' }).click();
    expect(await expert.getByTestId('installs').textContent()).toBe('1');
    expect(await expert.getByTestId('enrolled').textContent()).toBe('fewer than 10 workers: not shown');
    await saveScreenshot(expert, 'marketplace-usage');
    // A client cannot read the expert's usage page.
    expect((await client.goto(`${world.baseUrl}/coach/marketplace/${listingId}/usage`))?.status()).toBe(404);
  }, 120_000);
});
