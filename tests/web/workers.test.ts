// @module-tag browser
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { days } from '../support/manualClock';
import { openConsoleSession, type ConsoleSession } from '../support/consoleSession';
import { saveScreenshot, type WebWorld } from '../support/webWorld';

let session: ConsoleSession;
let world: WebWorld;
let page: Page;

beforeAll(async () => {
  session = await openConsoleSession({
    flow: 'onboarding',
    staff: { role: 'coach', email: 'ana@example.test', name: 'Ana Coach' },
  });
  ({ world, page } = session);
});
afterAll(() => session?.close());

const names = async () => page.locator('table[aria-label="Workers"] tbody td:first-child a').allTextContents();

describe('the worker list', () => {
  it('finds workers by name or phone prefix and pages through them by name', async () => {
    for (let i = 1; i <= 30; i++) await world.addWorker({ fullName: `Pager ${String(i).padStart(2, '0')}`, phoneNumber: `+25471${String(1000000 + i).slice(-7)}` });
    await page.goto(`${world.baseUrl}/coach/workers`);
    await page.getByLabel('Name or phone (starts with)').fill('pager');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL('**/coach/workers?*');
    const first = await names();
    expect(first).toHaveLength(25);
    expect(first[0]).toBe('Pager 01');
    expect(first.at(-1)).toBe('Pager 25');
    await page.getByRole('link', { name: 'Next page' }).click();
    await page.waitForURL(/after=/);
    expect(await names()).toEqual(['Pager 26', 'Pager 27', 'Pager 28', 'Pager 29', 'Pager 30']);
    expect(await page.getByRole('link', { name: 'Next page' }).count()).toBe(0);
    await saveScreenshot(page, 'worker-list');

    await page.goto(`${world.baseUrl}/coach/workers?q=${encodeURIComponent('+25471100000')}`);
    expect(await names()).toEqual(['Pager 01', 'Pager 02', 'Pager 03', 'Pager 04', 'Pager 05', 'Pager 06', 'Pager 07', 'Pager 08', 'Pager 09']);
  });

  it('filters by low well-being and by a request for a person', async () => {
    const low = await world.addWorker({ fullName: 'Zed Lowmood' });
    await world.sql('update workers set well_being_score = 2 where organization_id = :organization_id and id = :id', { id: low.id });
    await page.goto(`${world.baseUrl}/coach/workers`);
    await page.getByLabel('Low well-being (1–2)').check();
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/low=1/);
    expect(await names()).toEqual(['Zed Lowmood']);
  });
});

describe('a worker page', () => {
  it('shows a played journey as a thread, with progress, badges, well-being and the handoff flag', async () => {
    const worker = await world.addWorker({ fullName: 'Grace Played', phoneNumber: '+254722000001' });
    await world.enroll(worker.id);
    await world.say(worker.phoneNumber!, 'Team app');
    await world.say(worker.phoneNumber!, '1');
    world.clock.advance(days(1));
    await world.tick();
    await world.say(worker.phoneNumber!, 'Tiring, but I learned a lot.');
    await world.say(worker.phoneNumber!, 'AGENT');
    for (const [day, value] of [[1, 4], [2, 2], [3, 5]]) {
      await world.sql(
        `insert into well_being_answers (organization_id, worker_id, value, answered_at) values (:organization_id, :worker, :value, :at)`,
        { worker: worker.id, value, at: new Date(Date.UTC(2026, 0, day, 9)).toISOString() },
      );
    }

    await page.goto(`${world.baseUrl}/coach/workers?handoff=1`);
    expect(await names()).toEqual(['Grace Played']);
    await page.getByRole('link', { name: 'Grace Played' }).click();
    await page.waitForURL(`**/coach/workers/${worker.id}`);

    expect(await page.evaluate(() => document.compatMode)).toBe('CSS1Compat'); // standards mode: the page starts with a doctype
    const thread = page.getByRole('list', { name: 'Conversation' });
    const inbound = await thread.locator('li[data-direction="inbound"]').allTextContents();
    expect(inbound.map((t) => t.replace(/^Worker: /, '').split('\n')[0])).toEqual(
      expect.arrayContaining([expect.stringContaining('Team app'), expect.stringContaining('Tiring, but I learned a lot.')]),
    );
    expect(await thread.locator('li[data-direction="outbound"]').count()).toBeGreaterThan(4);
    // Buttons of the quizzes, and the time in the organization's timezone (Nairobi, UTC+3).
    expect(await thread.locator('.options li').count()).toBeGreaterThan(0);
    expect(await thread.locator('time').first().textContent()).toMatch(/10:00/);
    expect(await page.getByTestId('handoff-flag').textContent()).toContain('Asked for a person');
    expect(await page.getByTestId('touchpoints-done').textContent()).toBe('6');
    expect(await page.locator('[data-program] p').first().textContent()).toBe('6 of 6 touchpoints done');
    expect(await page.locator('blockquote').first().textContent()).toContain('Tiring, but I learned a lot.');
    expect(await page.locator('.badge', { hasText: 'First steps' }).count()).toBe(1);
    const points = await page.locator('svg[data-chart="worker-wellbeing"] g[data-value]').evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-value')));
    expect(points).toEqual(['4', '2', '5']);

    await saveScreenshot(page, 'worker-page');
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await saveScreenshot(page, 'worker-page-phone');
    await page.setViewportSize({ width: 1200, height: 900 });
  });

  it('pages a long thread: the newest 50 messages, then older ones', async () => {
    const worker = await world.addWorker({ fullName: 'Long Thread' });
    await world.sql(
      `insert into messages (organization_id, channel_id, worker_id, direction, body, status, created_at)
       select :organization_id, :channel, :worker, 'inbound', 'message ' || i || '.', 'received', now() + i * interval '1 minute' from generate_series(1, 60) i`,
      { channel: world.channel.id, worker: worker.id },
    );
    await page.goto(`${world.baseUrl}/coach/workers/${worker.id}`);
    const bodies = async () => (await page.locator('ol.thread > li').allTextContents()).map((t) => t.match(/message (\d+)\./)?.[1]);
    const newest = await bodies();
    expect(newest).toHaveLength(50);
    expect([newest[0], newest.at(-1)]).toEqual(['11', '60']);
    await page.getByRole('link', { name: 'Older messages' }).click();
    expect(await bodies()).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 1)));
    expect(await page.locator('ol.thread[data-live]').count()).toBe(0);
  });

  it('sends a coach reply through the outbox, pauses and resumes the bot, and says when the window is closed', async () => {
    const worker = await world.addWorker({ fullName: 'Henry Handoff', phoneNumber: '+254722000002' });
    await world.enroll(worker.id);
    await world.say(worker.phoneNumber!, 'AGENT');
    await page.goto(`${world.baseUrl}/coach/workers/${worker.id}`);

    await page.getByRole('button', { name: 'Pause the bot' }).click();
    await page.waitForURL(/flash=paused/);
    expect(await page.getByTestId('bot-state').textContent()).toBe('paused');
    expect(await world.say(worker.phoneNumber!, 'Is anyone there?')).toEqual({ kind: 'ignored', reason: 'bot_paused' });
    // The open page follows the log: the worker's message appears without a reload.
    await page.waitForFunction(() => Array.from(document.querySelectorAll('ol.thread > li')).some((li) => li.textContent?.includes('Is anyone there?')), undefined, { timeout: 10_000 });

    const wakesBefore = world.wakes();
    await page.getByLabel('Reply as Ana Coach').fill('Hi Henry, I am here. What happened?');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.waitForURL(/flash=sent/);
    expect(await page.getByRole('status').textContent()).toContain('Reply queued');
    const last = (await world.log(worker.id)).at(-1);
    expect(last).toMatchObject({ direction: 'outbound', body: 'Hi Henry, I am here. What happened?', status: 'queued' });
    expect(last?.payload.coach).toMatchObject({ name: 'Ana Coach' });
    expect(world.wakes()).toBe(wakesBefore + 1);
    expect(await page.locator('li.msg.outbound').last().textContent()).toContain('Coach Ana Coach');
    expect(await page.getByTestId('handoff-flag').count()).toBe(0);

    await page.getByRole('button', { name: 'Resume the bot' }).click();
    await page.waitForURL(/flash=resumed/);
    expect(await page.getByTestId('bot-state').textContent()).toBe('running');

    const silent = await world.addWorker({ fullName: 'Ivy Silent', phoneNumber: '+254722000003' });
    await page.goto(`${world.baseUrl}/coach/workers/${silent.id}`);
    await page.getByLabel('Reply as Ana Coach').fill('Hello?');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.waitForURL(/flash=window_closed/);
    expect(await page.getByRole('alert').textContent()).toContain('has not written in the last 24 hours');
    expect(await world.log(silent.id)).toEqual([]);
  });
});
