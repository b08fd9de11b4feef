// @module-tag browser
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { playQuizExperiment, liftingQuizFlow } from '../support/playQuizExperiment';
import { openConsoleSession, type ConsoleSession } from '../support/consoleSession';
import { saveScreenshot } from '../support/webWorld';

let session: ConsoleSession;
let page: Page;

beforeAll(async () => {
  session = await openConsoleSession({
    flow: liftingQuizFlow,
    staff: { role: 'training_manager', email: 'tm@example.test', name: 'Tia Manager' },
    prepare: async (w) => {
      await playQuizExperiment(w, 24);
    },
  });
  ({ page } = session);
});
afterAll(() => session?.close());

describe('an experiment results page', () => {
  it('shows per variant n and estimate, the verdict, and the participant flow drawn as a picture', async () => {
    await page.getByRole('link', { name: 'Experiments' }).click();
    await page.getByRole('link', { name: 'Short quiz' }).click();
    await page.waitForURL('**/coach/experiments/*');
    const primary = page.locator('section[data-metric="first_try_correct"]');
    expect(await primary.locator('tr[data-variant="short"] td[data-field="estimate"]').first().textContent()).toBe('100.0%');
    expect(await primary.locator('tr[data-variant="long"] td[data-field="estimate"]').first().textContent()).toBe('0.0%');
    const ns = await primary.locator('td[data-field="n"]').allTextContents();
    expect(ns.map(Number).reduce((a, b) => a + b)).toBe(24);
    expect(await primary.locator('td[data-field="verdict"]').textContent()).toMatch(/first-try quiz correctness/);
    const assigned = await page.locator('svg[data-chart="consort"] g[data-stage="assigned"]').evaluateAll((nodes) => nodes.map((n) => Number(n.getAttribute('data-value'))));
    expect(assigned.reduce((a, b) => a + b)).toBe(24);
    expect(await page.getByTestId('srm').count()).toBe(0);
    await saveScreenshot(page, 'experiment-results');
  });
});
