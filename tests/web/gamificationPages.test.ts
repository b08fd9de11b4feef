// @module-tag browser
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChallenge } from '../../src/gamification/challenges';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, launchBrowser, saveScreenshot, signIn, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;
let ada: { id: string };
let ben: { id: string };

const bars = () =>
  page.locator('svg[data-chart="leaderboard"] g[data-value]').evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-label'), Number(n.getAttribute('data-value'))]));

/** Each worker's points over all programs, recomputed from the ledger. */
async function pointsFromLedger() {
  const rows = await world.sql<{ worker_id: string; points: number }>(
    'select worker_id, sum(points)::int as points from gamification_ledger where organization_id = :organization_id group by worker_id having sum(points) > 0 order by 2 desc, 1',
  );
  return new Map(rows.map((r) => [r.worker_id, r.points]));
}

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'onboarding' });
  browser = await launchBrowser();
  const [a, b] = [await world.addWorker({ fullName: 'Ada' }), await world.addWorker({ fullName: 'Ben' })];
  [ada, ben] = [a, b];
  for (const w of [a, b]) await world.enroll(w.id);
  await world.say(a.phoneNumber!, 'Team app');
  await world.say(a.phoneNumber!, '1');
  await world.say(b.phoneNumber!, 'Break room board');
  await world.addStaff('coach', 'coach@example.test', undefined, 'Cora Coach');
  ({ page } = await signIn(browser.browser, world.baseUrl, 'coach@example.test'));
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
  await db?.destroy();
});

describe('the leaderboard page', () => {
  it('draws the board as bars and a table, equal to the ledger; anonymous workers without a name', async () => {
    const points = await pointsFromLedger();
    expect(points.get(ada.id)).toBeGreaterThan(points.get(ben.id) ?? 0);
    await page.getByRole('link', { name: 'Leaderboards' }).click();
    await page.waitForURL('**/coach/leaderboards');
    expect(await bars()).toEqual([[`1. Ada`, points.get(ada.id)], ...(points.has(ben.id) ? [[`2. Ben`, points.get(ben.id)]] : [])]);
    expect(await page.getByTestId('board-total').textContent()).toBe(String(points.size));
    await page.getByLabel('Period').selectOption('allTime');
    await page.getByLabel('Program').selectOption({ label: 'Program onboarding' });
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL('**/coach/leaderboards?*period=allTime*');
    expect((await bars())[0]).toEqual(['1. Ada', points.get(ada.id)]);

    await world.sql("update workers set leaderboard_display = 'anonymous' where organization_id = :organization_id and id = :id", { id: ada.id });
    await page.reload();
    expect(await page.getByRole('table', { name: 'Leaderboard' }).locator('tbody tr').first().textContent()).toContain('Anonymous');
    await saveScreenshot(page, 'leaderboard');
  });

  it('refuses a malformed attribute, naming it, and shows the default board', async () => {
    const response = await page.goto(`${world.baseUrl}/coach/leaderboards?attribute=nocolon`);
    expect(response?.status()).toBe(400);
    expect(await page.getByRole('alert').textContent()).toContain('attribute');
  });
});

describe('the worker page', () => {
  it("shows the worker's points (the sum of their ledger) and streak", async () => {
    const points = await pointsFromLedger();
    await page.goto(`${world.baseUrl}/coach/workers/${ada.id}`);
    expect(await page.getByTestId('points').textContent()).toBe(String(points.get(ada.id)));
    expect(await page.getByTestId('streak').textContent()).toBe('1');
  });
});

describe('the challenges page', () => {
  it("draws each team's progress toward the goal, from the ledger", async () => {
    await world.sql(`update workers set attributes = '{"site": "Store 14"}'::jsonb where organization_id = :organization_id and id = :id`, { id: ada.id });
    await world.sql(`update workers set attributes = '{"site": "Store 9"}'::jsonb where organization_id = :organization_id and id = :id`, { id: ben.id });
    const points = await pointsFromLedger();
    const now = world.clock.now();
    await createChallenge(world.em(), { name: 'Points week', teamAttribute: 'site', goal: 1000, startsAt: new Date(now - 86_400_000), endsAt: new Date(now + 86_400_000), progressAt: [] });
    await page.getByRole('link', { name: 'Challenges' }).click();
    await page.waitForURL('**/coach/challenges');
    const teams = await page.locator('svg[data-chart^="challenge-"] g[data-value]').evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-label'), Number(n.getAttribute('data-value'))]));
    expect(teams).toEqual([['Store 14', points.get(ada.id)], ['Store 9', points.get(ben.id) ?? 0]]);
    expect(await page.getByRole('table', { name: 'Teams of Points week' }).locator('tbody tr').count()).toBe(2);
    await saveScreenshot(page, 'challenges');
  });
});
