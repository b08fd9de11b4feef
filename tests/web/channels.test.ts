// @module-tag browser
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannel } from '../../src/channelAdmin/createChannel';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { startGraphPhoneNumberFake, type GraphPhoneNumberFake } from '../fakes/startGraphPhoneNumberFake';
import { createOrganization } from '../support/factories';
import { TEST_PUBLIC_URL, testSecretBox } from '../support/httpWorld';
import type { TestDatabase } from '../support/testDatabase';
import { useSignedInAdmin, type SignedInAdmin } from '../support/useSignedInAdmin';
import { postFromPage, saveScreenshot, signIn, type WebWorld } from '../support/webWorld';

const meta = {
  phoneNumberId: '106540352242922',
  appId: '123456789',
  wabaId: '102290129340398',
  accessToken: 'EAAG-access-token-SECRET-77aa',
  appSecret: 'meta-app-secret-SECRET-3c2b',
};

let graph: GraphPhoneNumberFake;
// Registered before the console's: runs after it has closed the console.
afterAll(async () => {
  await graph?.close();
});
const signedIn = useSignedInAdmin(async () => {
  graph = await startGraphPhoneNumberFake({
    accessToken: meta.accessToken,
    wabaId: meta.wabaId,
    phoneNumbers: [{ id: meta.phoneNumberId, displayPhoneNumber: '+1 555-000-3333', verifiedName: 'Acme Coaching', platformType: 'CLOUD_API' }],
  });
  return { flow: 'onboarding', web: { secretBox: testSecretBox, publicUrl: TEST_PUBLIC_URL, providerBaseUrls: { graph: graph.graphBaseUrl } } };
});
let db: TestDatabase;
let world: WebWorld;
let browser: SignedInAdmin['browser'];
let admin: Page;
beforeAll(() => {
  ({ db, world, browser, admin } = signedIn());
});

describe('connecting a Cloud API number from the console', () => {
  it('an org admin fills the form, sees the webhook URL and verify token, checks the connection and sees the health', async () => {
    await admin.goto(`${world.baseUrl}/coach/channels`);
    await admin.getByRole('link', { name: 'WhatsApp Cloud API' }).click();
    await admin.waitForURL('**/coach/channels/new?kind=cloud_api');

    await admin.getByLabel('Name', { exact: true }).fill('Meta line');
    await admin.getByLabel('Phone number ID').fill('not-digits');
    await admin.getByLabel('WhatsApp Business Account ID').fill(meta.wabaId);
    await admin.getByLabel('Meta app ID').fill(meta.appId);
    await admin.getByLabel('Access token').fill(meta.accessToken);
    await admin.getByLabel('App secret').fill(meta.appSecret);
    await admin.getByRole('button', { name: 'Connect' }).click();
    await admin.waitForLoadState('domcontentloaded');
    // The refusal sits next to the field the zod path names, and only secrets must be typed again.
    const fieldError = admin.locator('#f-settings-phoneNumberId-error');
    expect(await fieldError.textContent()).toBe('must be the phone number id (digits) from the WhatsApp Manager');
    expect(await admin.getByLabel('Phone number ID').getAttribute('aria-invalid')).toBe('true');
    expect(await admin.getByLabel('Meta app ID').inputValue()).toBe(meta.appId);
    expect(await admin.getByLabel('Access token').inputValue()).toBe('');
    await saveScreenshot(admin, 'channel-form-error');

    await admin.getByLabel('Phone number ID').fill(meta.phoneNumberId);
    await admin.getByLabel('Access token').fill(meta.accessToken);
    await admin.getByLabel('App secret').fill(meta.appSecret);
    await admin.getByRole('button', { name: 'Connect' }).click();
    await admin.waitForURL(/\/coach\/channels\/[0-9a-f-]{36}\?flash=created$/);
    const channelId = /channels\/([0-9a-f-]{36})/.exec(admin.url())?.[1] ?? '';

    expect(await admin.getByTestId('callback-url').textContent()).toBe(`${TEST_PUBLIC_URL}/webhooks/whatsapp/${channelId}`);
    const [stored] = await world.sql<{ secrets_ciphertext: string }>('select secrets_ciphertext from channels where organization_id = :organization_id and id = :id', { id: channelId });
    const verifyToken = testSecretBox.open(stored.secrets_ciphertext, channelId).verifyToken;
    expect(await admin.getByTestId('verify-token').textContent()).toBe(verifyToken);
    expect(await admin.locator('ol.checklist li').last().textContent()).toContain('"Sync from Meta" on the channel\'s templates page');
    expect(await admin.getByTestId('secret-accessToken').textContent()).toContain('ending in …77aa');
    const html = await admin.content();
    expect(html).not.toContain(meta.accessToken);
    expect(html).not.toContain(meta.appSecret);

    await admin.getByRole('button', { name: 'Check connection' }).click();
    await admin.waitForURL(`**/coach/channels/${channelId}/verify`);
    const verdict = await admin.getByTestId('verify-result').textContent();
    expect(verdict).toContain('The connection works.');
    expect(verdict).toContain('+1 555-000-3333 (Acme Coaching) is connected to the Cloud API');
    expect(graph.requests.slice(-2).map((request) => request.path)).toEqual([expect.stringContaining(`/v21.0/${meta.phoneNumberId}?`), expect.stringContaining(`/v21.0/${meta.wabaId}/phone_numbers?`)]);

    const health = admin.getByTestId('channel-health');
    expect(await health.getByRole('heading', { name: 'Health' }).count()).toBe(1);
    expect(await health.textContent()).toContain('0 waiting in the outbox');
    expect(await health.textContent()).toContain('ConnectedyesLast inbound');
    expect(await health.textContent()).toContain('0 per second over the last minute (limit 80 per second)');
    expect(await admin.getByTestId('health-mark').textContent()).toBe('Healthy');
    expect(await health.getByRole('row', { name: /Last hour/ }).textContent()).toBe('Last hour0000');
    await saveScreenshot(admin, 'channel-cloud-api');

    await admin.goto(`${world.baseUrl}/coach/channels`);
    expect(await admin.locator(`tr[data-channel="${channelId}"]`).textContent()).toContain('WhatsApp Cloud API');
    await saveScreenshot(admin, 'channel-list');
  });

  it('names what Meta refused when the access token is wrong', async () => {
    const created = await createChannel(world.em(), {
      kind: 'cloud_api', name: 'Wrong token', settings: { phoneNumberId: '200000000000009', appId: meta.appId, wabaId: meta.wabaId },
      secrets: { accessToken: 'EAAG-wrong-SECRET-0000', appSecret: meta.appSecret },
    }, testSecretBox, new Date());
    if (!created.ok) throw new Error(created.message);
    await admin.goto(`${world.baseUrl}/coach/channels/${created.id}`);
    await admin.getByRole('button', { name: 'Check connection' }).click();
    await admin.waitForURL(`**/coach/channels/${created.id}/verify`);
    const verdict = await admin.getByTestId('verify-result').textContent();
    expect(verdict).toContain('Something is wrong with the connection.');
    expect(verdict).toContain('Meta refused the access token');

    // A channel the dispatcher marked unhealthy says why, on its page and in the list.
    await world.sql(
      `update channels set health_status = 'unhealthy', health_reason = 'Meta refuses the access token: update it', health_changed_at = :at where organization_id = :organization_id and id = :id`,
      { id: created.id, at: new Date(world.clock.now()).toISOString() },
    );
    // Queued messages held for quiet hours say so, with their count.
    await world.sql(
      `insert into messages (organization_id, channel_id, direction, status, created_at, error_code, error_reason, next_attempt_at)
       values (:organization_id, :id, 'outbound', 'queued', :at, 'quiet_hours', 'deferred until 07:00 Africa/Nairobi (quiet hours)', :until)`,
      { id: created.id, at: new Date(world.clock.now()).toISOString(), until: new Date(world.clock.now() + 3_600_000).toISOString() },
    );
    await admin.goto(`${world.baseUrl}/coach/channels/${created.id}`);
    expect(await admin.getByTestId('health-mark').textContent()).toBe('Unhealthy: Meta refuses the access token: update it (since 5 Jan 2026, 10:00 GMT+3)');
    expect(await admin.getByTestId('health-deferred').textContent()).toBe('1 deferred until 07:00 Africa/Nairobi (quiet hours)');
    await admin.goto(`${world.baseUrl}/coach/channels`);
    expect(await admin.locator(`tr[data-channel="${created.id}"]`).textContent()).toContain('unhealthy: Meta refuses the access token: update it · not connected');

    // The admin replaces the token from the page: Meta takes it now, and the check reaches the number.
    await admin.goto(`${world.baseUrl}/coach/channels/${created.id}`);
    await admin.getByLabel('Secret to replace').selectOption({ label: 'Access token' });
    await admin.getByLabel('New value').fill(meta.accessToken);
    await admin.getByRole('button', { name: 'Replace secret' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByRole('status').first().textContent()).toBe('Access token replaced: check the connection.');
    expect(await admin.getByTestId('secret-accessToken').textContent()).toContain('ending in …77aa');
    expect(await admin.content()).not.toContain(meta.accessToken);
    await admin.getByRole('button', { name: 'Check connection' }).click();
    await admin.waitForURL(`**/coach/channels/${created.id}/verify`);
    const after = await admin.getByTestId('verify-result').textContent();
    expect(after).not.toContain('Meta refused the access token');
    expect(after).toContain('No phone number has the id 200000000000009');

    // A replaced app secret (leaked) can be revoked at once instead of at the end of its grace period.
    await admin.goto(`${world.baseUrl}/coach/channels/${created.id}`);
    expect(await admin.getByRole('button', { name: 'Revoke replaced secrets now' }).count()).toBe(0);
    await admin.getByLabel('Secret to replace').selectOption({ label: 'App secret' });
    await admin.getByLabel('New value').fill('a-new-meta-app-secret-0001');
    await admin.getByRole('button', { name: 'Replace secret' }).click();
    await admin.waitForLoadState('domcontentloaded');
    await admin.getByRole('button', { name: 'Revoke replaced secrets now' }).click();
    await admin.waitForLoadState('domcontentloaded');
    expect(await admin.getByRole('status').first().textContent()).toBe('The replaced secrets are revoked: webhooks signed with them are refused from now on.');
    const [row] = await world.sql<{ retired_secrets_ciphertext: string | null }>('select retired_secrets_ciphertext from channels where organization_id = :organization_id and id = :id', { id: created.id });
    expect(row.retired_secrets_ciphertext).toBeNull();
  });
});

describe('who may change channels', () => {
  it('a coach cannot see or create channels; a program manager reads them but cannot create, check or delete', async () => {
    await world.addStaff('coach', 'cora@example.test', undefined, 'Cora Coach');
    const { page: coach, context: coachContext } = await signIn(browser.browser, world.baseUrl, 'cora@example.test');
    expect(await coach.getByRole('link', { name: 'Channels' }).count()).toBe(0);
    expect((await coach.goto(`${world.baseUrl}/coach/channels`))?.status()).toBe(403);
    expect((await coach.goto(`${world.baseUrl}/coach/channels/new?kind=twilio`))?.status()).toBe(403);
    await coach.goto(`${world.baseUrl}/coach/workers`);
    const before = await world.sql<{ n: string }>('select count(*) as n from channels where organization_id = :organization_id');
    expect(await postFromPage(coach, '/coach/channels/new?kind=baileys', { name: 'Sneaky' })).toBe(403);
    await coachContext.close();

    await world.addStaff('program_manager', 'paul@example.test', undefined, 'Paul Manager');
    const { page: manager, context: managerContext } = await signIn(browser.browser, world.baseUrl, 'paul@example.test');
    await manager.goto(`${world.baseUrl}/coach/channels`);
    expect(await manager.locator('table[aria-label="Channels"] tbody tr').count()).toBeGreaterThan(0);
    expect(await manager.getByRole('link', { name: 'WhatsApp Cloud API' }).count()).toBe(0);
    await manager.goto(`${world.baseUrl}/coach/channels/${world.channel.id}`);
    expect(await manager.getByRole('button', { name: 'Check connection' }).count()).toBe(0);
    expect(await postFromPage(manager, '/coach/channels/new?kind=baileys', { name: 'Sneaky' })).toBe(403);
    expect(await postFromPage(manager, `/coach/channels/${world.channel.id}/verify`, {})).toBe(403);
    expect(await postFromPage(manager, `/coach/channels/${world.channel.id}/delete`, { force: 'true' })).toBe(403);
    expect(await postFromPage(manager, `/coach/channels/${world.channel.id}/secrets`, { secret: 'authToken', value: 'x' })).toBe(403);
    await managerContext.close();
    expect(await world.sql<{ n: string }>('select count(*) as n from channels where organization_id = :organization_id')).toEqual(before);
  });

  it("another organization's channel answers 404, to reads and to changes", async () => {
    const other = await createOrganization(asSystem(db.orm.em, 'test setup'));
    const created = await createChannel(forOrganization(db.orm.em, other.id), { kind: 'baileys', name: 'Their phone', settings: {}, secrets: {} }, testSecretBox, new Date());
    if (!created.ok) throw new Error(created.message);
    expect((await admin.goto(`${world.baseUrl}/coach/channels/${created.id}`))?.status()).toBe(404);
    expect(await admin.textContent('body')).toContain('No channel with this id in your organization.');
    expect((await admin.goto(`${world.baseUrl}/coach/channels/${created.id}/pairing/events`))?.status()).toBe(404);
    await admin.goto(`${world.baseUrl}/coach/channels`);
    expect(await admin.locator(`tr[data-channel="${created.id}"]`).count()).toBe(0);
    expect(await postFromPage(admin, `/coach/channels/${created.id}/verify`, {})).toBe(404);
    expect(await postFromPage(admin, `/coach/channels/${created.id}/pairing/logout`, {})).toBe(404);
    expect(await postFromPage(admin, `/coach/channels/${created.id}/delete`, { force: 'true' })).toBe(404);
    expect(await postFromPage(admin, `/coach/channels/${created.id}/secrets`, { secret: 'authToken', value: 'x' })).toBe(404);
    const [row] = await scopedSql<{ status: string; logout: Date | null }>(
      asSystem(db.orm.em, 'test inspection'),
      'select c.status, s.logout_requested_at as logout from channels c left join baileys_sessions s on s.channel_id = c.id where c.id = :id',
      { id: created.id },
    );
    expect(row).toEqual({ status: 'active', logout: null });
  });
});
