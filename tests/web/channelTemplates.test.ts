import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannel } from '../../src/channels/onboarding/createChannel';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { saveManualTemplate } from '../../src/templates/saveManualTemplate';
import { createOrganization } from '../support/factories';
import { testSecretBox } from '../support/httpWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { createWebWorld, launchBrowser, saveScreenshot, signIn, type WebWorld } from '../support/webWorld';

let db: TestDatabase;
let world: WebWorld;
let browser: Awaited<ReturnType<typeof launchBrowser>>;
let manager: Page;
let channelId: string;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createWebWorld(db, { flow: 'onboarding' });
  const created = await createChannel(
    world.em(),
    { kind: 'twilio', name: 'Twilio line', settings: { accountSid: `AC${'1'.repeat(32)}`, from: '+15550001111' }, secrets: { authToken: 'twilio-auth-token' } },
    testSecretBox,
    new Date(),
  );
  if (!created.ok) throw new Error(created.message);
  channelId = created.id;
  const at = new Date();
  await saveManualTemplate(world.em(), channelId, { name: 'shift_reminder', language: 'en', contentSid: `HX${'a'.repeat(32)}`, body: 'Hi {{1}}, your shift starts at {{2}}.', category: 'UTILITY' }, at);
  await saveManualTemplate(world.em(), channelId, { name: 'plain_sid', language: 'en', contentSid: `HX${'b'.repeat(32)}` }, at);
  browser = await launchBrowser();
  await world.addStaff('program_manager', 'pam@example.test', undefined, 'Pam Manager');
  await world.addStaff('coach', 'cole@example.test', undefined, 'Cole Coach');
  ({ page: manager } = await signIn(browser.browser, world.baseUrl, 'pam@example.test'));
});
afterAll(async () => {
  await browser?.close();
  await world?.close();
  await db?.destroy();
});

describe("a channel's templates in the console", () => {
  it('lists the templates and previews one with sample variables, naming a missing one', async () => {
    const answer = await manager.goto(`${world.baseUrl}/coach/channels/${channelId}/templates`);
    expect(answer?.status()).toBe(200);
    expect(await manager.getByRole('heading', { level: 1 }).textContent()).toBe('Templates of Twilio line');
    const rows = manager.getByRole('table', { name: 'Templates' }).locator('tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.nth(1).textContent()).toContain(`{{1}}, {{2}}`);
    expect(await rows.nth(0).textContent()).toContain('no body');

    await manager.getByLabel('Sample variables, one per line, in order').fill('Ann');
    await manager.getByRole('button', { name: 'Preview' }).click();
    await manager.waitForLoadState('domcontentloaded');
    expect(await manager.getByRole('alert').textContent()).toContain('The variable {{2}} has no value');

    await manager.getByLabel('Sample variables, one per line, in order').fill('Ann\n9:00');
    await manager.getByRole('button', { name: 'Preview' }).click();
    await manager.waitForLoadState('domcontentloaded');
    expect(await manager.getByTestId('template-preview').textContent()).toBe('Hi Ann, your shift starts at 9:00.');
    await saveScreenshot(manager, 'channel-templates');
  });

  it("refuses a coach (no channels:read) and another organization's channel", async () => {
    const { page: coach, context } = await signIn(browser.browser, world.baseUrl, 'cole@example.test');
    expect((await coach.goto(`${world.baseUrl}/coach/channels/${channelId}/templates`))?.status()).toBe(403);
    await context.close();

    const other = await createOrganization(asSystem(db.orm.em, 'test setup'));
    const theirs = await createChannel(forOrganization(db.orm.em, other.id), { kind: 'baileys', name: 'Their phone', settings: {}, secrets: {} }, testSecretBox, new Date());
    if (!theirs.ok) throw new Error(theirs.message);
    expect((await manager.goto(`${world.baseUrl}/coach/channels/${theirs.id}/templates`))?.status()).toBe(404);
  });
});
