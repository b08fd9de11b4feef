import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { forOrganization } from '../../src/db/tenancy/scopes';
import { buildCloudApiInbound, signCloudApiBody } from '../fakes/signedCloudApiWebhook';
import { startGraphPhoneNumberFake, type GraphPhoneNumberFake } from '../fakes/startGraphPhoneNumberFake';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { cloudApiInput, createChannelsWorld, twilioInput, type ChannelsWorld } from './channelsWorld';

// Organization A owns these numbers at Meta (its token sees them under its WABA); B is another
// business, whose channels claim A's Meta app id with their own app secret.
const owned = { confirmed: '106540352240001', disputed: '106540352240002', shared: '106540352240003' };
const ownerSettings = (phoneNumberId: string) => ({ ...cloudApiInput.settings, phoneNumberId });
const other = {
  settings: (phoneNumberId: string) => ({ phoneNumberId, appId: cloudApiInput.settings.appId, wabaId: '309000000000001' }),
  secrets: { accessToken: 'EAAG-other-business-SECRET-0b0b', appSecret: 'other-app-secret-SECRET-0b0b' },
};
const numbered = (id: string) => ({ id, displayPhoneNumber: '+1 555-000-3333', verifiedName: 'Acme Coaching', platformType: 'CLOUD_API' });

let db: TestDatabase;
let world: ChannelsWorld;
let graph: GraphPhoneNumberFake;

beforeAll(async () => {
  db = await createTestDatabase();
  graph = await startGraphPhoneNumberFake({
    accessToken: cloudApiInput.secrets.accessToken,
    wabaId: cloudApiInput.settings.wabaId,
    phoneNumbers: Object.values(owned).map(numbered),
    wabaPageSize: 1,
    otherAccounts: [{ accessToken: other.secrets.accessToken, wabaId: other.settings('').wabaId, phoneNumbers: [numbered('309000000000009')] }],
  });
  world = await createChannelsWorld(db, { graphBaseUrl: graph.graphBaseUrl });
});
afterAll(async () => {
  await graph.close();
  await db.destroy();
});

const asA = (method: string, path: string, body?: unknown) => world.call(world.a.keys.org_admin, method, path, body);
const asB = (method: string, path: string, body?: unknown) => world.call(world.b.keys.org_admin, method, path, body);
const inbound = async (organizationId: string) =>
  (await scopedSql<{ n: number }>(forOrganization(db.orm.em, organizationId), `select count(*)::int as n from messages where organization_id = :organization_id and direction = 'inbound'`))[0].n;

async function created(answer: { status: number; text: string; json: Record<string, unknown> }): Promise<string> {
  expect(answer.status, answer.text).toBe(201);
  return String(answer.json.id);
}

async function postSigned(channelId: string, appSecret: string, phoneNumberId: string, text: string) {
  const signed = signCloudApiBody(appSecret, buildCloudApiInbound({ phoneNumberId, from: '+15550007001', text }));
  const response = await world.app.request(`http://localhost/webhooks/whatsapp/${channelId}`, { method: 'POST', headers: signed.headers, body: signed.body });
  expect(response.status).toBe(200);
  await world.processed();
}

describe('who a Cloud API phone number id belongs to', () => {
  it("refuses a number held by another organization's channel in the same words as its own, telling nothing of the holder", async () => {
    const holderId = await created(await asA('POST', '/v1/channels', { ...cloudApiInput, name: 'Holder line', settings: ownerSettings(owned.confirmed) }));
    expect((await asA('POST', `/v1/channels/${holderId}/verify`)).json).toMatchObject({ ok: true });

    const refusal = { code: 'channel_exists', field: 'settings.phoneNumberId', message: 'settings.phoneNumberId: this phone number id is already connected to a channel' };
    const byOther = await asB('POST', '/v1/channels', { kind: 'cloud_api', name: 'Mine now', settings: other.settings(owned.confirmed), secrets: other.secrets });
    expect(byOther.status).toBe(409);
    expect(byOther.json.error).toEqual(refusal);
    const byOwner = await asA('POST', '/v1/channels', { ...cloudApiInput, settings: ownerSettings(owned.confirmed) });
    expect(byOwner.status).toBe(409);
    expect(byOwner.json.error).toEqual(refusal);
    const otherId = await created(await asB('POST', '/v1/channels', { kind: 'cloud_api', name: 'Own line', settings: other.settings('309000000000009'), secrets: other.secrets }));
    const moved = await asB('PATCH', `/v1/channels/${otherId}`, { settings: { phoneNumberId: owned.confirmed } });
    expect(moved.status).toBe(409);
    expect(moved.json.error).toEqual(refusal);
    for (const answer of [byOther, moved]) for (const secret of [world.a.id, holderId, 'Holder line']) expect(answer.text).not.toContain(secret);

    await created(await asA('POST', '/v1/channels', twilioInput));
    const twilio = await asB('POST', '/v1/channels', { ...twilioInput, name: 'Theirs' });
    expect(twilio.status).toBe(409);
    expect(twilio.json.error).toEqual({ code: 'channel_exists', field: 'settings', message: 'settings: this number (or Messaging Service) is already connected to a channel' });
    expect(twilio.text).not.toContain(world.a.id);
  });

  it("a claim nobody confirmed does not keep the number from its owner: the dispute goes to the channel that passes the check, and only it receives the number's webhooks", async () => {
    const squatterId = await created(await asB('POST', '/v1/channels', { kind: 'cloud_api', name: 'Squatter', settings: other.settings(owned.disputed), secrets: other.secrets }));
    const ownerId = await created(await asA('POST', '/v1/channels', { ...cloudApiInput, name: 'Owner', settings: ownerSettings(owned.disputed) }));

    const squatterCheck = await asB('POST', `/v1/channels/${squatterId}/verify`);
    expect(squatterCheck.json).toMatchObject({ ok: false, problem: 'wrong_number_id', checks: [{ check: 'phoneNumber', ok: false, providerCode: '100/33' }] });
    expect(JSON.stringify(squatterCheck.json)).toContain('or the token cannot see it');
    expect((await asA('POST', `/v1/channels/${ownerId}/verify`)).json).toMatchObject({ ok: true, checks: [{ check: 'accessToken' }, { check: 'phoneNumber' }, { check: 'waba', ok: true }] });

    const before = { a: await inbound(world.a.id), b: await inbound(world.b.id) };
    await postSigned(ownerId, cloudApiInput.secrets.appSecret, owned.disputed, 'from Meta');
    await postSigned(squatterId, other.secrets.appSecret, owned.disputed, 'forged');
    expect({ a: await inbound(world.a.id), b: await inbound(world.b.id) }).toEqual({ a: before.a + 1, b: before.b });
    const again = await asB('POST', '/v1/channels', { kind: 'cloud_api', name: 'Squatter 2', settings: other.settings(owned.disputed), secrets: other.secrets });
    expect(again.status).toBe(409);
  });

  it('a second channel that passes the check too finds the number taken: first confirmed, first served', async () => {
    const firstId = await created(await asA('POST', '/v1/channels', { ...cloudApiInput, name: 'First', settings: ownerSettings(owned.shared) }));
    // Another organization of the same business, with a token that sees the number as well.
    const secondId = await created(await asB('POST', '/v1/channels', { ...cloudApiInput, name: 'Second', settings: ownerSettings(owned.shared) }));
    expect((await asA('POST', `/v1/channels/${firstId}/verify`)).json).toMatchObject({ ok: true });
    const second = await asB('POST', `/v1/channels/${secondId}/verify`);
    expect(second.json).toMatchObject({ ok: false, problem: 'number_taken', checks: [{ ok: true }, { ok: true }, { ok: true }, { check: 'phoneNumber', ok: false, message: 'settings.phoneNumberId: this phone number id is already connected to a channel' }] });
    expect(second.text).not.toContain(world.a.id);
  });
});
