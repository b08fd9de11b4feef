// @module-tag browser
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readChallenges } from '../../src/gamification/challenges';
import { openConsoleSession, type ConsoleSession } from '../support/consoleSession';
import { saveScreenshot } from '../support/webWorld';

let session: ConsoleSession;
beforeAll(async () => {
  session = await openConsoleSession({ flow: 'onboarding', staff: { role: 'program_manager', email: 'pm@example.test', name: 'Pat Manager' } });
});
afterAll(async () => session?.close());

const at = (hours: number) => new Date(session.world.clock.now() + hours * 3_600_000).toISOString();
const stored = async () => readChallenges(session.world.em(), { limit: 10 });

describe('the challenge forms of the console', () => {
  it('creates, edits before the start and cancels a challenge, with the refusals of the API next to their fields', async () => {
    const { page, world } = session;
    await page.goto(`${world.baseUrl}/coach/challenges`);
    const form = page.locator('form.challenge-form');
    await form.getByLabel('Name').fill('Store week');
    await form.getByLabel('Program').selectOption({ label: 'Program onboarding' });
    await form.getByLabel('Teams by attribute').fill('site');
    await form.getByLabel('What counts').selectOption('touchpointCompleted');
    await form.getByLabel('Goal').fill('20');
    await form.getByLabel('Starts at').fill(at(24));
    await form.getByLabel('Ends at').fill(at(12));
    await form.getByRole('button', { name: 'Create challenge' }).click();
    // The API's schema refuses it, and the message sits next to the field it names; what was typed stays.
    expect(await page.locator('#f-endsAt-error').textContent()).toBe('must be after startsAt');
    expect(await form.getByLabel('Name').inputValue()).toBe('Store week');
    await form.getByLabel('Ends at').fill(at(24 * 8));
    await form.getByLabel('Progress messages at').fill(at(24 * 9));
    await form.getByRole('button', { name: 'Create challenge' }).click();
    expect(await page.getByRole('alert').first().textContent()).toContain('must be between startsAt and endsAt');
    await form.getByLabel('Progress messages at').fill(at(24 * 4));
    await form.getByRole('button', { name: 'Create challenge' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Challenge Store week created.');
    const [created] = await stored();
    expect(created).toMatchObject({ name: 'Store week', programId: world.program.id, teamAttribute: 'site', event: 'touchpointCompleted', goal: 20, cancelledAt: null });
    expect(created.progressAt.map((d) => d.toISOString())).toEqual([at(24 * 4)]);
    expect(await page.locator(`[data-challenge="${created.id}"] [data-testid="challenge-status"]`).textContent()).toBe('not started');

    await page.getByRole('link', { name: 'Edit Store week' }).click();
    await page.waitForURL(`**/coach/challenges/${created.id}/edit`);
    expect(await page.getByLabel('Goal').inputValue()).toBe('20');
    await page.getByLabel('Name').fill('Store fortnight');
    await page.getByLabel('Goal').fill('40');
    await page.getByLabel('Ends at').fill(at(24 * 15));
    await saveScreenshot(page, 'challenge-edit');
    await page.getByRole('button', { name: 'Save challenge' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Challenge Store fortnight saved.');
    const edited = (await stored())[0];
    expect(edited).toMatchObject({ id: created.id, name: 'Store fortnight', goal: 40 });
    expect(new Date(edited.endsAt).toISOString()).toBe(at(24 * 15));

    // Once it has started, workers have been told its goal: no edit any more, as the API refuses.
    await page.goto(`${world.baseUrl}/coach/challenges/${created.id}/edit`);
    world.clock.advance(25 * 3_600_000);
    await page.getByLabel('Goal').fill('5');
    await page.getByRole('button', { name: 'Save challenge' }).click();
    expect(await page.locator('#f-startsAt-error').textContent()).toContain('only a challenge not started yet can be edited');
    expect((await stored())[0].goal).toBe(40);
    await page.goto(`${world.baseUrl}/coach/challenges`);
    expect(await page.getByRole('link', { name: 'Edit Store fortnight' }).count()).toBe(0);
    expect(await page.locator(`[data-challenge="${created.id}"] [data-testid="challenge-status"]`).textContent()).toBe('running');

    await page.getByRole('button', { name: 'Cancel Store fortnight' }).click();
    expect(await page.getByRole('status').textContent()).toBe('Challenge cancelled.');
    expect(await page.locator(`[data-challenge="${created.id}"] [data-testid="challenge-status"]`).textContent()).toBe('cancelled');
    expect(new Date((await stored())[0].cancelledAt ?? 0).getTime()).toBe(world.clock.now());
    expect(await page.getByRole('button', { name: 'Cancel Store fortnight' }).count()).toBe(0);
    await saveScreenshot(page, 'challenges-cancelled');
  });
});
