// @module-tag browser
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { starterFlow } from '../../src/web/flowEditor/starterFlow';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, launchBrowser, postFromPage, saveScreenshot, signIn, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let author: Page;

/** The starter flow with its last touchpoint's type misspelled (line 26, column 15). */
const misspelled = starterFlow.replace('type: text\n        text: { en: "Thanks', 'type: txt\n        text: { en: "Thanks');
const checks = async () => Number(await author.locator('#flow-editor').getAttribute('data-checks'));
/** Waits for the server's check of the text after the next debounce. */
async function nextCheck(before: number) {
  await author.waitForFunction((n) => Number(document.getElementById('flow-editor')?.dataset.checks ?? 0) > n, before, { timeout: 20_000 });
}

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'onboarding' });
  browser = await launchBrowser();
  await world.addStaff('content_specialist', 'cleo@example.test', undefined, 'Cleo Author');
  ({ page: author } = await signIn(browser.browser, world.baseUrl, 'cleo@example.test'));
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
  await db?.destroy();
});

describe('the flow editor', () => {
  it('shows an error at its line as the file is edited, redraws the diagram once it is fixed, saves a draft to play, publishes it and compares versions', async () => {
    await author.goto(`${world.baseUrl}/coach/journeys`);
    await author.getByRole('link', { name: 'New flow' }).click();
    await author.waitForSelector('#flow-editor[data-editor="ready"]', { timeout: 30_000 });
    await nextCheck(0);
    expect(await author.locator('#flow-editor').getAttribute('data-errors')).toBe('0');
    await author.waitForSelector('#flow-diagram[data-diagram="drawn"] svg');

    // A file opened from the computer replaces the text; its error is shown at its line and column.
    let before = await checks();
    await author.setInputFiles('#flow-file', { name: 'my-journey.yaml', mimeType: 'text/yaml', buffer: Buffer.from(misspelled) });
    await nextCheck(before);
    expect(await author.locator('#flow-editor').getAttribute('data-errors')).toBe('1');
    const issue = author.locator('#flow-issues li.error');
    expect(await issue.textContent()).toBe("line 26:15 error: `phases[0].touchpoints[2].type` is not a known type: use one of text, media, question, quiz, reflection, wellbeing");
    // Inline: the marked range sits on line 26, the one that reads `type: txt`, with a marker in the gutter.
    const marked = author.locator('.cm-line:has(.cm-lintRange-error)');
    expect(await marked.count()).toBe(1);
    expect((await marked.textContent())?.trim()).toBe('type: txt');
    expect(await author.locator('.cm-gutter-lint .cm-lint-marker-error').count()).toBe(1);
    expect(await author.locator('#flow-diagram').getAttribute('data-diagram')).toBe('stale');
    await saveScreenshot(author, 'flow-editor-error');

    // Saving a text with an error stores nothing, with or without the script.
    expect(await postFromPage(author, '/coach/journeys/editor', { source: misspelled, intent: 'draft' })).toBe(422);
    expect(await world.sql('select id from journey_blueprints where organization_id = :organization_id and key = :key', { key: 'my-journey' })).toEqual([]);

    // Fixed by typing: the issue's link puts the cursor on the word, which is corrected.
    await issue.getByRole('button').click();
    await author.keyboard.press('End');
    for (let i = 0; i < 3; i++) await author.keyboard.press('Backspace');
    before = await checks();
    await author.keyboard.type('text');
    await nextCheck(before);
    expect(await author.locator('#flow-editor').getAttribute('data-errors')).toBe('0');
    expect(await author.locator('#flow-issues li').count()).toBe(0);
    expect(await author.locator('.cm-lintRange-error').count()).toBe(0);
    await author.waitForSelector('#flow-diagram[data-diagram="drawn"] svg');
    expect(await author.locator('#flow-status').textContent()).toBe('No error: the flow can be saved.');

    await author.getByRole('button', { name: 'Save as draft' }).click();
    await author.waitForURL(/\/coach\/journeys\/editor\?from=[0-9a-f-]{36}&saved=created$/);
    expect(await author.getByRole('status').first().textContent()).toBe('Saved as draft version 1.');
    const [draft] = await world.sql<{ id: string; status: string }>('select id, status from journey_blueprints where organization_id = :organization_id and key = :key', { key: 'my-journey' });
    expect(draft.status).toBe('draft');

    // The draft plays in the simulator, preselected.
    await author.getByTestId('play-draft').click();
    await author.waitForURL(`**/coach/simulator?blueprint=${draft.id}`);
    expect(await author.locator(`select[name="blueprint"] option[value="${draft.id}"]`).getAttribute('selected')).not.toBeNull();
    await author.goBack();
    await author.waitForSelector('#flow-editor[data-editor="ready"]', { timeout: 30_000 });

    await author.getByRole('button', { name: 'Publish' }).click();
    await author.waitForURL(/saved=published$/);
    expect(await author.getByRole('status').first().textContent()).toBe('Version 1 is published: new enrollments get it.');
    const [published] = await world.sql<{ status: string }>('select status from journey_blueprints where organization_id = :organization_id and id = :id', { id: draft.id });
    expect(published.status).toBe('published');

    // A change saved as a new draft, then the two versions compared.
    before = await checks();
    await author.setInputFiles('#flow-file', { name: 'my-journey.yaml', mimeType: 'text/yaml', buffer: Buffer.from(starterFlow.replace("Here is today's tip.", 'Here is a new tip.')) });
    await nextCheck(before);
    await author.getByRole('button', { name: 'Save as draft' }).click();
    await author.waitForURL(/saved=created$/);
    expect(await author.getByRole('status').first().textContent()).toBe('Saved as draft version 2.');
    await author.getByRole('link', { name: 'Compare with version 1' }).click();
    await author.waitForSelector('#flow-diff[data-diff="drawn"]', { timeout: 30_000 });
    const changed = author.locator('.cm-merge-b .cm-changedLine');
    // The export's heading names its version; the one text changed.
    expect(await changed.allTextContents()).toEqual(['# Exported from my-journey version 2 (draft).', '        text: { en: "Hi {{first_name}}! Here is a new tip." }']);
    await saveScreenshot(author, 'flow-diff');
  }, 120_000);

  it('offers the JSON Schema of flow files for completion', async () => {
    await author.goto(`${world.baseUrl}/coach/journeys/editor`);
    await author.waitForSelector('#flow-editor[data-schema="loaded"]', { timeout: 30_000 });
    await author.locator('.cm-line', { hasText: 'version: "1.0"' }).click();
    await author.keyboard.press('End');
    await author.keyboard.type('\n  versionN');
    await author.waitForSelector('.cm-tooltip-autocomplete');
    expect(await author.locator('.cm-tooltip-autocomplete .cm-completionLabel').allTextContents()).toContain('versionNotes');
  });

  it('lets a role that may not write blueprints see neither the editor nor its routes', async () => {
    await world.addStaff('coach', 'cody@example.test', undefined, 'Cody Coach');
    const { context, page: coach } = await signIn(browser.browser, world.baseUrl, 'cody@example.test');
    await coach.goto(`${world.baseUrl}/coach/journeys`);
    expect(await coach.getByRole('link', { name: 'New flow' }).count()).toBe(0);
    expect(await coach.getByRole('link', { name: 'Edit' }).count()).toBe(0);
    expect((await coach.goto(`${world.baseUrl}/coach/journeys/editor`))?.status()).toBe(403);
    await coach.goto(`${world.baseUrl}/coach/journeys`);
    expect(await postFromPage(coach, '/coach/journeys/editor', { source: starterFlow, intent: 'publish' })).toBe(403);
    await context.close();
  });
});
