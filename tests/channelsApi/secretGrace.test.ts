import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCloudApiStatus, signCloudApiBody } from '../fakes/signedCloudApiWebhook';
import { buildTwilioStatusForm, signTwilioRequest } from '../fakes/signedTwilioWebhook';
import { hours } from '../support/manualClock';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { cloudApiInput, createChannelsWorld, twilioInput, type ChannelsWorld } from './channelsWorld';

const publicUrl = 'https://coach.example.test';
let db: TestDatabase;
let world: ChannelsWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createChannelsWorld(db, { secretGraceMs: hours(24) });
});
afterAll(async () => db.destroy());

/** A status callback signed with `token`, as Twilio would send it. */
async function twilioCallback(channelId: string, token: string) {
  const path = `/webhooks/twilio/${channelId}/status`;
  const form = buildTwilioStatusForm({ messageSid: `SM${'7'.repeat(32)}`, status: 'delivered', from: '+15550001111', to: '+15550002222' });
  const signed = signTwilioRequest(token, `${publicUrl}${path}`, form);
  return (await world.app.request(`http://localhost${path}`, { method: 'POST', headers: signed.headers, body: signed.body })).status;
}

/** A status webhook signed with `appSecret`, as Meta would send it. */
async function metaWebhook(channelId: string, appSecret: string) {
  const body = buildCloudApiStatus({ phoneNumberId: cloudApiInput.settings.phoneNumberId, id: 'wamid.GRACE1', status: 'delivered', recipient: '+15550002222' });
  const signed = signCloudApiBody(appSecret, body);
  return (await world.app.request(`http://localhost/webhooks/whatsapp/${channelId}`, { method: 'POST', headers: signed.headers, body: signed.body })).status;
}

const logsSince = (from: number) => world.logLines.slice(from).join('');

describe('a rotated webhook signing secret', () => {
  it('Twilio: the old Auth Token still signs during the grace period, logged by name; refused after it', async () => {
    const id = String((await world.admin('POST', '/v1/channels', twilioInput)).json.id);
    const oldToken = twilioInput.secrets.authToken;
    expect(await twilioCallback(id, oldToken)).toBe(200);

    world.clock.advance(60_000);
    const rotated = await world.admin('PATCH', `/v1/channels/${id}`, { secrets: { authToken: 'new-auth-token-SECRET-1111' } });
    expect(rotated.status).toBe(200);
    const logStart = world.logLines.length;
    expect(await twilioCallback(id, 'new-auth-token-SECRET-1111')).toBe(200);
    expect(logsSince(logStart)).not.toContain('rotated-out');
    expect(await twilioCallback(id, oldToken)).toBe(200);
    expect(logsSince(logStart)).toContain('Twilio webhook signed with a rotated-out secret');
    expect(logsSince(logStart)).toContain('"secret":"authToken"');
    expect(await twilioCallback(id, 'never-the-auth-token')).toBe(403);

    world.clock.advance(hours(24) - 1);
    expect(await twilioCallback(id, oldToken)).toBe(200);
    world.clock.advance(2);
    const afterGrace = world.logLines.length;
    expect(await twilioCallback(id, oldToken)).toBe(403);
    expect(logsSince(afterGrace)).toContain('grace period is over');
    expect(await twilioCallback(id, 'new-auth-token-SECRET-1111')).toBe(200);

    const everything = world.logLines.join('') + JSON.stringify(rotated.json);
    for (const secret of [oldToken, 'new-auth-token-SECRET-1111']) expect(everything).not.toContain(secret);
  });

  it('Cloud API: the old app secret still signs during the grace period; a second rotation keeps both older secrets', async () => {
    const id = String((await world.admin('POST', '/v1/channels', cloudApiInput)).json.id);
    const first = cloudApiInput.secrets.appSecret;
    world.clock.advance(60_000);
    await world.admin('PATCH', `/v1/channels/${id}`, { secrets: { appSecret: 'second-app-secret-SECRET-2222' } });
    world.clock.advance(hours(1));
    await world.admin('PATCH', `/v1/channels/${id}`, { secrets: { appSecret: 'third-app-secret-SECRET-3333' } });
    const logStart = world.logLines.length;
    for (const secret of [first, 'second-app-secret-SECRET-2222', 'third-app-secret-SECRET-3333']) expect(await metaWebhook(id, secret)).toBe(200);
    expect(logsSince(logStart)).toContain('Cloud API webhook signed with a rotated-out secret');
    expect(await metaWebhook(id, 'not-the-app-secret')).toBe(403);

    world.clock.advance(hours(23) + 1);
    expect(await metaWebhook(id, first)).toBe(403);
    expect(await metaWebhook(id, 'second-app-secret-SECRET-2222')).toBe(200);
    world.clock.advance(hours(1));
    expect(await metaWebhook(id, 'second-app-secret-SECRET-2222')).toBe(403);
    expect(await metaWebhook(id, 'third-app-secret-SECRET-3333')).toBe(200);

    const everything = world.logLines.join('');
    for (const secret of [first, 'second-app-secret-SECRET-2222', 'third-app-secret-SECRET-3333']) expect(everything).not.toContain(secret);
  });

  it('rotating another secret (the access token) keeps no old secret for webhooks', async () => {
    const created = await world.admin('POST', '/v1/channels', { ...cloudApiInput, settings: { ...cloudApiInput.settings, phoneNumberId: '106540352242999' } });
    const id = String(created.json.id);
    await world.admin('PATCH', `/v1/channels/${id}`, { secrets: { accessToken: 'EAAG-new-access-token-SECRET-4444' } });
    const [row] = await world.sql<{ retired_secrets_ciphertext: string | null }>(`select retired_secrets_ciphertext from channels where organization_id = :organization_id and id = :id`, { id });
    expect(row.retired_secrets_ciphertext).toBeNull();
  });

  it('revoke now: a rotated-out secret is refused at once, inside its grace period', async () => {
    const created = await world.admin('POST', '/v1/channels', { ...twilioInput, settings: { ...twilioInput.settings, from: '+15550001199' } });
    const id = String(created.json.id);
    const oldToken = twilioInput.secrets.authToken;
    await world.admin('PATCH', `/v1/channels/${id}`, { secrets: { authToken: 'leaked-then-replaced-SECRET-5555' } });
    expect(await twilioCallback(id, oldToken)).toBe(200);
    const revoked = await world.admin('POST', `/v1/channels/${id}/retired-secrets/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.json).toEqual({ revoked: true });
    expect(await twilioCallback(id, oldToken)).toBe(403);
    expect(await twilioCallback(id, 'leaked-then-replaced-SECRET-5555')).toBe(200);
    expect((await world.admin('POST', `/v1/channels/${id}/retired-secrets/revoke`)).json).toEqual({ revoked: false });
    expect((await world.call(world.b.keys.org_admin, 'POST', `/v1/channels/${id}/retired-secrets/revoke`)).status).toBe(404);
  });
});
