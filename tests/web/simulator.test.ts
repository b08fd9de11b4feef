// @module-tag browser
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeBlueprintVersion } from '../../src/blueprintStore/storeBlueprintVersion';
import { validateFlowFile } from '../../src/blueprints/validateFlow';
import { openConsoleSession, type ConsoleSession } from '../support/consoleSession';
import { saveScreenshot, type WebWorld } from '../support/webWorld';

let session: ConsoleSession;
let world: WebWorld;
let page: Page;

beforeAll(async () => {
  session = await openConsoleSession({
    flow: 'onboarding',
    staff: { role: 'content_specialist', email: 'author@example.test', name: 'Alex Author' },
  });
  ({ world, page } = session);
});
afterAll(() => session?.close());

const thread = () => page.locator('#sim-thread > li');
const lastText = async () => (await thread().last().textContent()) ?? '';

/** Sends a reply from the simulator's form and waits for the stream to show, after it, a bot answer matching `expected`. */
async function say(text: string, expected: RegExp) {
  const before = await thread().count();
  await page.getByLabel('Reply as the worker').fill(text);
  await page.getByRole('button', { name: 'Send', exact: true }).click();
  await page.waitForFunction(([n]) => document.querySelectorAll('#sim-thread > li').length > n, [before], { timeout: 10_000 });
  await page.waitForFunction(
    ([pattern, n]) => Array.from(document.querySelectorAll('#sim-thread > li')).slice(Number(n)).some((li) => new RegExp(String(pattern)).test(li.textContent ?? '')),
    [expected.source, before] as const,
    { timeout: 10_000 },
  );
}

describe('the simulator', () => {
  it('plays the published onboarding journey through the real pipeline, live, to the end', async () => {
    await page.goto(`${world.baseUrl}/coach/simulator`);
    await page.getByLabel('Journey version').selectOption({ label: 'Welcome to the team · v1 (published)' });
    await page.getByRole('button', { name: 'Start a test run' }).click();
    await page.waitForSelector('#sim-thread > li');
    expect(await lastText()).toContain('Where do you find your shift schedule?');
    expect(await page.getByTestId('sim-state').textContent()).toContain('q-schedule');

    await say('Team app', /You feel sick before a shift/);
    expect(await page.locator('#sim-thread > li[data-direction="inbound"]').last().textContent()).toContain('Team app');
    await page.waitForFunction(() => document.querySelector('[data-testid="sim-progress"]')?.textContent?.includes('correct'));
    await say('1', /Yes\. You have 2 of 2 points so far/);

    // The reflection waits a day: fire its timer now instead of waiting.
    await page.getByRole('button', { name: 'Fire the next timer now' }).click();
    await page.waitForFunction(() => /how was your first day/.test(document.querySelector('#sim-thread > li:last-child')?.textContent ?? ''));
    await say('Great team, long day.', /Thank you Alex! You finished onboarding with 2 of 2 points/);
    await page.waitForFunction(() => document.querySelector('[data-testid="sim-status"]')?.textContent === 'completed');
    await saveScreenshot(page, 'simulator');

    const progress = await world.sql<{ key: string }>(
      `select t.key from worker_progress wp join touchpoints t on t.id = wp.touchpoint_id join worker_assignments wa on wa.id = wp.worker_assignment_id
         join workers w on w.id = wa.worker_id where wp.organization_id = :organization_id and w.full_name = 'Alex Author (simulator)' and wp.completed_at is not null`,
    );
    expect(progress.map((p) => p.key).sort()).toEqual(['first-day', 'hello', 'q-schedule', 'q-sick', 'thanks', 'video']);
  });

  it('plays a draft version, and a restart begins a fresh run', async () => {
    const flow = validateFlowFile('flows/wellbeing-checkin.yaml');
    const draft = await storeBlueprintVersion(world.em(), flow.doc!, { publish: false });
    await page.goto(`${world.baseUrl}/coach/simulator?blueprint=${draft.id}`);
    await page.getByLabel('Language of the test worker').selectOption('es');
    await page.getByRole('button', { name: 'Restart the test run' }).click();
    // The check-in waits for Monday 09:00: a fresh run, and nothing is sent until its timer fires.
    await page.waitForFunction(() => document.querySelector('[data-testid="sim-status"]')?.textContent === 'active' && document.querySelectorAll('#sim-thread > li').length === 0);
    expect(await page.getByTestId('sim-state').textContent()).toContain('how-are-you');
    await page.getByRole('button', { name: 'Fire the next timer now' }).click();
    await page.waitForSelector('#sim-thread > li');
    expect(await lastText()).toContain('¿Cómo te sientes esta semana?');
    await say('2', /./);
    await page.waitForFunction(() => document.querySelector('[data-testid="sim-progress"]')?.textContent?.includes('how-are-you'));
    const [worker] = await world.sql<{ well_being_score: number; status: string }>(
      `select well_being_score, status from workers where organization_id = :organization_id and full_name = 'Alex Author (simulator)'`,
    );
    expect(worker.well_being_score).toBe(2);
  });

  it('ends its event stream when the server shuts down', async () => {
    const cookies = await page.context().cookies();
    const answer = await fetch(`${world.baseUrl}/coach/simulator/events`, { headers: { cookie: cookies.map((c) => `${c.name}=${c.value}`).join('; ') } });
    expect(answer.headers.get('content-type')).toContain('text/event-stream');
    const reader = answer.body!.getReader();
    world.shutdown.abort();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toContain('event: bye');
  });
});
