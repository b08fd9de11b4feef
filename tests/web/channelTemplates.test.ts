// @module-tag browser
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannel, type NewChannel } from '../../src/channelAdmin/createChannel';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { saveManualTemplate } from '../../src/templates/saveManualTemplate';
import { graphTemplate } from '../fakes/graphTemplate';
import { startGraphApiFake, type GraphApiFake } from '../fakes/startGraphApiFake';
import { createOrganization } from '../support/factories';
import { testSecretBox } from '../support/httpWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, launchBrowser, postFromPage, saveScreenshot, signIn, type WebWorld } from '../support/webWorld';

const accessToken = 'EAAG-template-token-SECRET-91fe';
const wabaId = '102290129340398';

let db: TestDatabase;
let world: WebWorld;
let graph: GraphApiFake;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let manager: Page;
let admin: Page;
let twilioId: string;
let metaId: string;

const metaTemplates = [
  graphTemplate('daily_lesson', 'en_US', "Today's lesson, {{1}}: {{2}}"),
  graphTemplate('shift_reminder', 'es', 'Hola {{1}}, tu turno empieza a las {{2}}.'),
  graphTemplate('welcome', 'en_US', 'Welcome to the team!', 'PENDING'),
];

async function connect(input: NewChannel): Promise<string> {
  const created = await createChannel(world.em(), input, testSecretBox, new Date());
  if (!created.ok) throw new Error(created.message);
  return created.id;
}

async function submit(page: Page, button: string) {
  await page.getByRole('button', { name: button }).click();
  await page.waitForLoadState('domcontentloaded');
}

const rowsOf = (page: Page) => page.getByRole('table', { name: 'Templates' }).locator('tbody tr');

beforeAll(async () => {
  db = await createTestDatabase();
  graph = await startGraphApiFake({ accessToken, templatePageSize: 2 });
  world = await createWebWorld(db, { flow: 'onboarding', web: { secretBox: testSecretBox, providerBaseUrls: { graph: graph.graphBaseUrl } } });
  twilioId = await connect({ kind: 'twilio', name: 'Twilio line', settings: { accountSid: `AC${'1'.repeat(32)}`, from: '+15550001111' }, secrets: { authToken: 'twilio-auth-token' } });
  metaId = await connect({ kind: 'cloud_api', name: 'Meta line', settings: { phoneNumberId: '106540352242922', appId: '123456789', wabaId }, secrets: { accessToken, appSecret: 'meta-app-secret' } });
  const at = new Date();
  await saveManualTemplate(world.em(), twilioId, { name: 'shift_reminder', language: 'en', contentSid: `HX${'a'.repeat(32)}`, body: 'Hi {{1}}, your shift starts at {{2}}.', category: 'UTILITY' }, at);
  await saveManualTemplate(world.em(), twilioId, { name: 'plain_sid', language: 'en', contentSid: `HX${'b'.repeat(32)}` }, at);
  browser = await launchBrowser();
  await world.addStaff('program_manager', 'pam@example.test', undefined, 'Pam Manager');
  await world.addStaff('coach', 'cole@example.test', undefined, 'Cole Coach');
  await world.addStaff('org_admin', 'olga@example.test', undefined, 'Olga Admin');
  ({ page: manager } = await signIn(browser.browser, world.baseUrl, 'pam@example.test'));
  ({ page: admin } = await signIn(browser.browser, world.baseUrl, 'olga@example.test'));
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
  await graph?.close();
  await db?.destroy();
});

describe("a channel's templates in the console", () => {
  it('lists the templates and previews one with sample variables, naming a missing one', async () => {
    const answer = await manager.goto(`${world.baseUrl}/coach/channels/${twilioId}/templates`);
    expect(answer?.status()).toBe(200);
    expect(await manager.getByRole('heading', { level: 1 }).textContent()).toBe('Templates of Twilio line');
    const rows = rowsOf(manager);
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain(`{{1}}, {{2}}`);
    expect(await rows.nth(0).textContent()).toContain('no body');

    await manager.getByLabel('Sample variables, one per line, in order').fill('Ann');
    await submit(manager, 'Preview');
    expect(await manager.getByRole('alert').textContent()).toContain('The variable {{2}} has no value');

    await manager.getByLabel('Sample variables, one per line, in order').fill('Ann\n9:00');
    await submit(manager, 'Preview');
    expect(await manager.getByTestId('template-preview').textContent()).toBe('Hi Ann, your shift starts at 9:00.');
    await saveScreenshot(manager, 'channel-templates');
  });

  it('an org admin syncs a Cloud API channel from Meta, every page, and sees what changed or why Meta refused', async () => {
    graph.setTemplates(wabaId, metaTemplates);
    await admin.goto(`${world.baseUrl}/coach/channels/${metaId}/templates`);
    expect(await admin.getByText('No templates yet.').count()).toBe(1);
    await submit(admin, 'Sync from Meta');
    expect(await admin.getByTestId('templates-flash').textContent()).toBe('Synced 3 templates from Meta (2 pages).');
    expect(await rowsOf(admin).allTextContents()).toEqual([
      expect.stringMatching(/^daily_lessonen_USapproved\{\{1\}\}, \{\{2\}\}UTILITY/),
      expect.stringMatching(/^shift_reminderesapproved/),
      expect.stringMatching(/^welcomeen_USpending/),
    ]);
    await saveScreenshot(admin, 'channel-templates-synced');

    graph.setTemplates(wabaId, metaTemplates.slice(0, 2));
    await submit(admin, 'Sync from Meta');
    expect(await admin.getByTestId('templates-flash').textContent()).toBe('Synced 2 templates from Meta (1 page). 1 template Meta no longer lists was marked removed.');
    expect(await rowsOf(admin).count()).toBe(2);

    // A stale token: Meta's refusal in words, nothing changed, and the token itself never shown.
    const staleId = await connect({ kind: 'cloud_api', name: 'Stale line', settings: { phoneNumberId: '106540352242999', appId: '123456789', wabaId }, secrets: { accessToken: 'EAAG-stale-token-SECRET-0000', appSecret: 'meta-app-secret' } });
    await admin.goto(`${world.baseUrl}/coach/channels/${staleId}/templates`);
    await submit(admin, 'Sync from Meta');
    const refusal = await admin.getByTestId('templates-flash').textContent();
    expect(refusal).toContain("Meta's templates could not be read: Meta refused the access token: it is wrong or has expired");
    expect(await admin.content()).not.toContain('EAAG-stale-token');
    expect(await rowsOf(admin).count()).toBe(0);
  });

  it('an org admin adds a Twilio template by its Content SID (a refusal next to the field) and deletes it', async () => {
    await admin.goto(`${world.baseUrl}/coach/channels/${twilioId}/templates`);
    expect(await admin.getByRole('button', { name: 'Sync from Meta' }).count()).toBe(0);
    await admin.getByLabel('Name', { exact: true }).fill('pay_day');
    await admin.getByLabel('Language').fill('en_US');
    await admin.getByLabel('Content SID').fill('HX-not-a-sid');
    await admin.getByLabel('Body (optional, for previews)').fill('Hi {{1}}, pay day is {{2}}.');
    await submit(admin, 'Add template');
    expect(await admin.locator('#f-contentSid-error').textContent()).toBe("must be a Content SID: 'HX' then 32 hex digits");
    expect(await admin.getByLabel('Name', { exact: true }).inputValue()).toBe('pay_day');

    await admin.getByLabel('Content SID').fill(`HX${'c'.repeat(32)}`);
    await admin.getByLabel('Variables (optional)').fill('1, 3');
    await submit(admin, 'Add template');
    expect(await admin.locator('#f-variables-error').textContent()).toContain("The body's placeholders are {{1}}, {{2}}");

    await admin.getByLabel('Variables (optional)').fill('');
    await submit(admin, 'Add template');
    expect(await admin.getByTestId('templates-flash').textContent()).toBe("Template 'pay_day' (en_US) added: broadcasts and flows can use it now.");
    expect(await rowsOf(admin).allTextContents()).toContainEqual(expect.stringMatching(/^pay_dayen_USapproved\{\{1\}\}, \{\{2\}\}/));
    await saveScreenshot(admin, 'channel-templates-twilio-add');

    await admin.getByRole('button', { name: 'Delete pay_day (en_US)' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByTestId('templates-flash').textContent()).toBe("Template 'pay_day' (en_US) deleted.");
    expect(await rowsOf(admin).count()).toBe(2);
  });

  it("keeps syncing, adding and deleting to org admins; refuses a coach and another organization's channel", async () => {
    await manager.goto(`${world.baseUrl}/coach/channels/${metaId}/templates`);
    expect(await manager.getByRole('button', { name: 'Sync from Meta' }).count()).toBe(0);
    expect(await postFromPage(manager, `/coach/channels/${metaId}/templates/sync`, {})).toBe(403);
    await manager.goto(`${world.baseUrl}/coach/channels/${twilioId}/templates`);
    expect(await manager.getByRole('button', { name: 'Add template' }).count()).toBe(0);
    expect(await manager.getByRole('button', { name: /^Delete / }).count()).toBe(0);
    expect(await postFromPage(manager, `/coach/channels/${twilioId}/templates`, { name: 'x', language: 'en', contentSid: `HX${'d'.repeat(32)}` })).toBe(403);

    const { page: coach, context } = await signIn(browser.browser, world.baseUrl, 'cole@example.test');
    expect((await coach.goto(`${world.baseUrl}/coach/channels/${twilioId}/templates`))?.status()).toBe(403);
    await context.close();

    const other = await createOrganization(asSystem(db.orm.em, 'test setup'));
    const theirs = await createChannel(forOrganization(db.orm.em, other.id), { kind: 'cloud_api', name: 'Their line', settings: { phoneNumberId: '106540352242000', appId: '123456789', wabaId }, secrets: { accessToken, appSecret: 'their-secret' } }, testSecretBox, new Date());
    if (!theirs.ok) throw new Error(theirs.message);
    expect((await admin.goto(`${world.baseUrl}/coach/channels/${theirs.id}/templates`))?.status()).toBe(404);
    await admin.goto(`${world.baseUrl}/coach/channels/${metaId}/templates`);
    expect(await postFromPage(admin, `/coach/channels/${theirs.id}/templates/sync`, {})).toBe(404);
    expect(await postFromPage(admin, `/coach/channels/${theirs.id}/templates`, { name: 'x', language: 'en', contentSid: `HX${'d'.repeat(32)}` })).toBe(404);
    // Each kind gets its templates one way: Twilio is not synced, Cloud API templates are not typed in.
    expect(await postFromPage(admin, `/coach/channels/${twilioId}/templates/sync`, {})).toBe(409);
    expect(await postFromPage(admin, `/coach/channels/${metaId}/templates`, { name: 'x', language: 'en', contentSid: `HX${'d'.repeat(32)}` })).toBe(409);
  });
});
