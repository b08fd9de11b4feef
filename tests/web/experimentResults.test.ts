// @module-tag browser
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planExperiment } from '../../src/experiments/planExperiment';
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

  it('has a power calculator that answers workers per arm, and clusters with an ICC, before start', async () => {
    await page.getByRole('link', { name: 'Experiments' }).click();
    await page.getByRole('link', { name: 'Power calculator' }).click();
    await page.waitForURL('**/coach/experiments/power');
    await page.getByLabel("Today's rate, % (rates)").fill('60');
    await page.getByLabel(/Smallest effect worth detecting/).fill('10');
    await page.getByRole('button', { name: 'Calculate' }).click();
    const expected = planExperiment({ kind: 'proportion', baselineRate: 0.6, minimumDetectableEffect: 0.1, alpha: 0.05, power: 0.8 });
    if ('problem' in expected) throw new Error(expected.problem.message);
    const answer = page.getByTestId('power-answer');
    expect(await answer.locator('[data-field="per-arm"]').textContent()).toBe(expected.controlUnits.toLocaleString('en'));
    expect(await answer.locator('[data-field="clusters"]').count()).toBe(0);

    await page.getByLabel('Intra-cluster correlation (ICC)').fill('0.05');
    await page.getByLabel('Workers per cluster (mean)').fill('20');
    await page.getByRole('button', { name: 'Calculate' }).click();
    const clustered = planExperiment({ kind: 'proportion', baselineRate: 0.6, minimumDetectableEffect: 0.1, alpha: 0.05, power: 0.8, icc: 0.05, meanClusterSize: 20 });
    if ('problem' in clustered) throw new Error(clustered.problem.message);
    expect(await answer.locator('[data-field="clusters"]').textContent()).toBe(String(clustered.clusters!.control));
    expect(await answer.textContent()).toContain('design effect is 1.95');

    // A mean without its standard deviation: refused, naming the field, the form kept.
    await page.getByLabel('Primary metric').selectOption('mean');
    await page.getByRole('button', { name: 'Calculate' }).click();
    expect(await page.getByTestId('power-problem').textContent()).toMatch(/^Standard deviation: /);
    expect(await page.getByLabel('Workers per cluster (mean)').inputValue()).toBe('20');
    await saveScreenshot(page, 'experiment-power');
  });
});
