import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { days } from '../support/manualClock';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, launchBrowser, saveScreenshot, signIn, timePage, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let page: Page;

/** Three workers at different points of the onboarding journey: Ada finishes it right, Ben gets both quizzes wrong, Cai never answers. */
async function playThreeWorkers() {
  const [ada, ben, cai] = [await world.addWorker({ fullName: 'Ada' }), await world.addWorker({ fullName: 'Ben' }), await world.addWorker({ fullName: 'Cai' })];
  for (const w of [ada, ben, cai]) await world.enroll(w.id);
  await world.say(ada.phoneNumber!, 'Team app');
  await world.say(ada.phoneNumber!, '1');
  await world.say(ben.phoneNumber!, 'Break room board');
  await world.say(ben.phoneNumber!, 'Come in anyway');
  world.clock.advance(days(1));
  await world.tick();
  await world.say(ada.phoneNumber!, 'Long day, but the team was kind.');
  const [assignment] = await world.sql<{ id: string }>('select id from worker_assignments where organization_id = :organization_id and worker_id = :worker', { worker: ada.id });
  for (const [day, value] of [[2, 4], [2, 2], [3, 5]]) {
    await world.sql(
      'insert into well_being_answers (organization_id, worker_id, worker_assignment_id, value, answered_at) values (:organization_id, :worker, :assignment, :value, :at)',
      { worker: ada.id, assignment: assignment.id, value, at: new Date(Date.UTC(2026, 0, day, 6)).toISOString() },
    );
  }
}

const bars = (chart: string) =>
  page.locator(`svg[data-chart="${chart}"] g[data-value]`).evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-label'), Number(n.getAttribute('data-value'))]));

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'onboarding' });
  browser = await launchBrowser();
  await playThreeWorkers();
  await world.addStaff('program_manager', 'pm@example.test', undefined, 'Pat Manager');
  ({ page } = await signIn(browser.browser, world.baseUrl, 'pm@example.test'));
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
  await db?.destroy();
});

describe('a program page', () => {
  it('draws the completion funnel, quiz results, score distribution, well-being trend and reflections', async () => {
    await page.getByRole('link', { name: 'Programs' }).click();
    await page.getByRole('link', { name: 'Program onboarding' }).click();
    await page.waitForURL(`**/coach/programs/${world.program.id}`);
    expect(await page.getByTestId('enrolled').textContent()).toBe('3');
    expect(await page.getByTestId('completed').textContent()).toBe('1');
    expect(await bars('funnel')).toEqual([['hello', 3], ['video', 3], ['q-schedule', 2], ['q-sick', 2], ['first-day', 1], ['thanks', 1]]);
    expect(await bars('quiz-first-try')).toEqual([['q-schedule', 1], ['q-sick', 1]]);
    expect(await page.locator('svg[data-chart="quiz-first-try"]').textContent()).toContain('1 of 2');
    expect(await bars('quiz-distribution')).toEqual([['0 right', 1], ['2 right', 1]]);
    expect(await bars('program-wellbeing')).toEqual([['01-02', 3], ['01-03', 5]]);
    expect(await page.locator('blockquote').first().textContent()).toContain('Long day, but the team was kind.');
    await saveScreenshot(page, 'program-page');
  });
});

describe('a journey page', () => {
  it('draws the blueprint version with the locally served mermaid, with its content', async () => {
    const scripts: string[] = [];
    page.on('request', (request) => { if (request.resourceType() === 'script') scripts.push(new URL(request.url()).host); });
    await page.getByRole('link', { name: 'Journeys' }).click();
    await page.getByRole('link', { name: 'Welcome to the team' }).click();
    await page.waitForSelector('pre.mermaid svg', { timeout: 15_000 });
    expect(await page.locator('body').getAttribute('data-diagrams')).toBe('drawn');
    expect(await page.locator('pre.mermaid svg').textContent()).toContain('q-schedule');
    expect(await page.getByRole('main').textContent()).toContain('Where do you find your shift schedule?');
    expect(new Set(scripts)).toEqual(new Set([new URL(world.baseUrl).host]));
    await saveScreenshot(page, 'journey-page');
  });
});

describe('render times', () => {
  it('renders the program, journey and worker pages in under 200 ms', async () => {
    const [ada] = await world.sql<{ id: string }>(`select id from workers where organization_id = :organization_id and full_name = 'Ada'`);
    for (const path of [`/coach/programs/${world.program.id}`, `/coach/journeys/${world.blueprint.id}`, `/coach/workers/${ada.id}`, '/coach/workers']) {
      const ms = await timePage(page, `${world.baseUrl}${path}`);
      expect(ms, path).toBeLessThan(200);
    }
  });
});

describe('broadcasts', () => {
  it('lists broadcasts with live counts from the messages table', async () => {
    const [broadcast] = await world.sql<{ id: string }>(
      `insert into broadcasts (organization_id, target, content, status, recipients) values (:organization_id, '{"segment":"night"}', '{"text":"Hi"}', 'queued', 3) returning id`,
    );
    const workers = await world.sql<{ id: string }>('select id from workers where organization_id = :organization_id order by full_name limit 3');
    for (const [i, status] of ['sent', 'delivered', 'queued'].entries()) {
      await world.sql(
        `insert into messages (organization_id, channel_id, worker_id, direction, body, status, created_at, broadcast_id) values (:organization_id, :channel, :worker, 'outbound', 'Hi', :status, now(), :broadcast)`,
        { channel: world.channel.id, worker: workers[i].id, status, broadcast: broadcast.id },
      );
    }
    await page.getByRole('link', { name: 'Broadcasts' }).click();
    const cells = await page.locator(`tr[data-broadcast="${broadcast.id}"] td`).allTextContents();
    expect(cells.slice(3)).toEqual(['3 (0 opted out)', '1', '1', '1', '0', '0']);
  });
});
