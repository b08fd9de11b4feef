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
  // As the dispatcher would have left them: every message sent but Cai's first question, held by quiet hours.
  await world.sql(`update messages set status = 'sent', sent_at = created_at where organization_id = :organization_id and direction = 'outbound'`);
  await world.sql(
    `update messages set status = 'queued', sent_at = null, error_code = 'quiet_hours' where organization_id = :organization_id and worker_id = :worker and touchpoint_key = 'q-schedule'`,
    { worker: cai.id },
  );
  const [assignment] = await world.sql<{ id: string }>('select id from worker_assignments where organization_id = :organization_id and worker_id = :worker', { worker: ada.id });
  for (const [day, value] of [[2, 4], [2, 2], [3, 5]]) {
    await world.sql(
      'insert into well_being_answers (organization_id, worker_id, worker_assignment_id, value, answered_at) values (:organization_id, :worker, :assignment, :value, :at)',
      { worker: ada.id, assignment: assignment.id, value, at: new Date(Date.UTC(2026, 0, day, 6)).toISOString() },
    );
  }
}

const bars = (chart: string) =>
  page.locator(`svg[data-chart="${chart}"] g[data-value]`).evaluateAll((nodes) => nodes.map((n) => [n.getAttribute('data-label'), Number(n.getAttribute('data-value')), Number(n.getAttribute('data-of'))]));
const values = async (chart: string) => (await bars(chart)).map(([, value, of]) => [value, of]);

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
  it('draws each chart with its denominator and a table under it, texts instead of keys, well-being trend and reflections', async () => {
    await page.getByRole('link', { name: 'Programs' }).click();
    await page.getByRole('link', { name: 'Program onboarding', exact: true }).click();
    await page.waitForURL(`**/coach/programs/${world.program.id}`);
    expect(await page.getByTestId('enrolled').textContent()).toBe('3');
    expect(await page.getByTestId('completed').textContent()).toBe('1');
    expect(await page.getByTestId('channel').textContent()).toBe("the organization's default channel");
    expect(await values('funnel')).toEqual([[3, 3], [3, 3], [2, 3], [2, 3], [1, 3], [1, 3]]);
    expect((await bars('funnel'))[2][0]).toBe('Where do you find your shift schedule?');
    expect(await page.locator('table[data-table="funnel"]').textContent()).toContain('2 of 3, 67 %');
    // Each quiz out of those who answered it: "1 of 2" and "1 of 2" draw the same bar, "1 of 2" and "1 of 3" do not.
    expect(await values('quiz-first-try')).toEqual([[1, 2], [1, 2]]);
    expect(await page.locator('svg[data-chart="quiz-first-try"]').textContent()).toContain('1 of 2, 50 %');
    expect(await page.locator('table[data-table="quiz-first-try"]').isVisible()).toBe(true);
    expect(await page.locator('[data-question="q-schedule"]').textContent()).toContain('Break room board');
    expect(await page.locator('tr[data-touchpoint="q-schedule"]').textContent()).toMatch(/console.*1/);
    expect((await bars('program-wellbeing')).map(([label, value]) => [label, value])).toEqual([['01-02', 3], ['01-03', 5]]);
    expect(await page.locator('table[data-table="program-wellbeing"]').textContent()).toContain('2026-01-03');
    expect(await page.locator('blockquote').first().textContent()).toContain('Long day, but the team was kind.');
    await saveScreenshot(page, 'program-page');

    await world.sql('update programs set channel_id = :channel where organization_id = :organization_id and id = :program', { channel: world.channel.id, program: world.program.id });
    await page.reload();
    expect(await page.getByTestId('channel').textContent()).toBe(world.channel.name);
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

describe('accessibility basics', () => {
  it('gives every page one h1, a skip link first in the tab order, and a label to every control', async () => {
    const [ada] = await world.sql<{ id: string }>(`select id from workers where organization_id = :organization_id and full_name = 'Ada'`);
    const paths = ['/coach/workers', `/coach/workers/${ada.id}`, '/coach/programs', `/coach/programs/${world.program.id}`, '/coach/journeys', `/coach/journeys/${world.blueprint.id}`, '/coach/broadcasts', '/coach/simulator'];
    for (const path of paths) {
      await page.goto(`${world.baseUrl}${path}`);
      expect(await page.locator('h1').count(), path).toBe(1);
      const unlabelled = await page.locator('input:not([type=hidden]), select, textarea').evaluateAll((controls) =>
        controls.filter((c) => !((c as HTMLInputElement).labels?.length || c.getAttribute('aria-label'))).map((c) => c.outerHTML));
      expect(unlabelled, path).toEqual([]);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent), path).toBe('Skip to content');
    }
  });
});

describe('broadcasts', () => {
  it('counts, then sends a broadcast to a segment once (a double submit is one broadcast), with live counts', async () => {
    const [segment] = await world.sql<{ id: string }>(`insert into segments (organization_id, name) values (:organization_id, 'Day shift') returning id`);
    await world.sql(
      `insert into worker_segment (organization_id, worker_id, segment_id) select :organization_id, id, :segment from workers where organization_id = :organization_id and full_name in ('Ada', 'Ben')`,
      { segment: segment.id },
    );
    await page.getByRole('link', { name: 'Broadcasts' }).click();
    await page.getByLabel('Send to').selectOption({ label: 'Day shift' });
    await page.getByLabel(/^Message/).fill('Hi {{first_name}}, the depot closes at 4 today.');
    await page.getByRole('button', { name: 'Count recipients' }).click();
    expect(await page.getByTestId('broadcast-preview').textContent()).toContain('Would reach 2 workers');
    expect(await world.sql('select id from broadcasts where organization_id = :organization_id')).toHaveLength(0);

    // The same form posted twice (a double click, a retried request): one broadcast.
    const form = {
      _csrf: await page.locator('input[name=_csrf]').first().inputValue(),
      idempotencyKey: await page.locator('input[name=idempotencyKey]').inputValue(),
      target: `segment:${segment.id}`,
      text: 'Hi {{first_name}}, the depot closes at 4 today.',
      templateName: '',
      templateLanguage: 'en',
      intent: 'send',
    };
    for (let i = 0; i < 2; i++) {
      const answer = await page.request.post(`${world.baseUrl}/coach/broadcasts`, { form, headers: { origin: world.baseUrl }, maxRedirects: 0 });
      expect(answer.status()).toBe(303);
    }
    const [broadcast] = await world.sql<{ id: string }>('select id from broadcasts where organization_id = :organization_id');
    expect(await world.sql('select id from broadcasts where organization_id = :organization_id')).toHaveLength(1);
    const bodies = await world.sql<{ body: string }>('select body from messages where organization_id = :organization_id and broadcast_id = :id order by body', { id: broadcast.id });
    expect(bodies.map((m) => m.body)).toEqual(['Hi Ada, the depot closes at 4 today.', 'Hi Ben, the depot closes at 4 today.']);

    await world.sql(`update messages set status = 'delivered' where organization_id = :organization_id and broadcast_id = :id and body like 'Hi Ada%'`, { id: broadcast.id });
    await page.goto(`${world.baseUrl}/coach/broadcasts`);
    const cells = await page.locator(`tr[data-broadcast="${broadcast.id}"] td`).allTextContents();
    expect(cells[1]).toContain('segment Day shift');
    expect(cells.slice(3)).toEqual(['2 (0 opted out)', '1', '0', '1', '0', '0']);
    await saveScreenshot(page, 'broadcasts');
  });

  it('sends from the form and says how many were queued', async () => {
    await page.goto(`${world.baseUrl}/coach/broadcasts`);
    await page.getByLabel('Send to').selectOption({ label: 'Program onboarding' });
    await page.getByLabel(/^Message/).fill('Team meeting at 3.');
    await page.getByRole('button', { name: 'Send now' }).click();
    await page.waitForURL(/sent=/);
    expect(await page.getByRole('status').textContent()).toMatch(/Broadcast queued for \d+ workers\./);
  });
});
