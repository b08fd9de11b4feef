// @module-tag browser
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { days } from '../support/manualClock';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, launchBrowser, saveScreenshot, signIn, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'wellbeing-checkin' });
  browser = await launchBrowser();
  await world.addStaff('coach', 'ana@example.test', undefined, 'Ana Coach');
  ({ page } = await signIn(browser.browser, world.baseUrl, 'ana@example.test'));
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
  await db?.destroy();
});

describe('the coach inbox', () => {
  it('takes a low well-being answer from the inbox to resolved, the worker page showing the same state', async () => {
    const worker = await world.addWorker({ fullName: 'Lia Lowmood' });
    await world.enroll(worker.id);
    world.clock.advance(days(7));
    expect(await world.tick()).toBeGreaterThan(0);
    await world.say(worker.phoneNumber!, '1');

    await page.goto(`${world.baseUrl}/coach/inbox`);
    const card = page.locator('[data-inbox-item][data-cause="low_well_being"]');
    await expect.poll(() => card.count()).toBe(1);
    expect(await card.getByRole('link', { name: 'Lia Lowmood' }).count()).toBe(1);
    expect(await card.getByTestId('reason').textContent()).toBe('Answered 1 of 5 to "how-are-you"');
    expect(await card.getByTestId('assignee').textContent()).toBe('nobody has taken it');

    await card.getByRole('button', { name: 'Take it' }).click();
    await page.waitForURL(/flash=taken/);
    expect(await page.getByRole('status').textContent()).toBe('You took it.');
    expect(await card.getByTestId('assignee').textContent()).toBe('taken by Ana Coach');

    await card.getByLabel('Labels (comma-separated)').fill('callback, night shift');
    await card.getByLabel('Note (workers never see it)').fill('Call her after the shift');
    await card.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/flash=saved/);
    expect(await card.getByTestId('note').textContent()).toContain('Call her after the shift');
    expect(await card.locator('.badge', { hasText: 'night shift' }).count()).toBe(1);
    await saveScreenshot(page, 'coach-inbox');

    // The worker page shows the same item, in the same state.
    await page.goto(`${world.baseUrl}/coach/workers/${worker.id}`);
    const onWorker = page.locator('[data-inbox-item][data-cause="low_well_being"]');
    expect(await onWorker.getByTestId('assignee').textContent()).toBe('taken by Ana Coach');
    await onWorker.getByRole('button', { name: 'Mark resolved' }).click();
    await page.waitForURL(/flash=resolved/);
    expect(await onWorker.getAttribute('data-status')).toBe('resolved');

    await page.goto(`${world.baseUrl}/coach/inbox`);
    expect(await page.getByTestId('inbox-empty').count()).toBe(1);
    await page.getByLabel('Status').selectOption('resolved');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=resolved/);
    expect(await page.locator('[data-inbox-item][data-status="resolved"]').count()).toBe(1);
    // Nothing of the note went to the worker.
    expect((await world.log(worker.id)).some((m) => m.body?.includes('after the shift'))).toBe(false);
  });

  it('is not shown to a content specialist', async () => {
    await world.addStaff('content_specialist', 'cs@example.test');
    const { page: other } = await signIn(browser.browser, world.baseUrl, 'cs@example.test');
    expect((await other.goto(`${world.baseUrl}/coach/inbox`))?.status()).toBe(403);
    expect(await other.getByRole('link', { name: 'Inbox' }).count()).toBe(0);
  });
});
