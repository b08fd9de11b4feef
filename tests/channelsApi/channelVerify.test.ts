import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyTwilioChannel } from '../../src/channelAdmin/verifyTwilioChannel';
import { startGraphPhoneNumberFake, type GraphPhoneNumberFake } from '../fakes/startGraphPhoneNumberFake';
import { startTwilioAccountFake, type TwilioAccountFake } from '../fakes/startTwilioAccountFake';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { cloudApiInput, createChannelsWorld, twilioInput, type ChannelsWorld } from './channelsWorld';

let db: TestDatabase;
let world: ChannelsWorld;
let twilio: TwilioAccountFake;
let graph: GraphPhoneNumberFake;
const answers: string[] = [];
const apiKey = { sid: `SK${'3'.repeat(32)}`, secret: 'api-key-secret-SECRET-abcd' };

beforeAll(async () => {
  db = await createTestDatabase();
  twilio = await startTwilioAccountFake({ accountSid: twilioInput.settings.accountSid, authToken: twilioInput.secrets.authToken, apiKey, phoneNumbers: ['+15550001111'], whatsAppSenders: ['+254700000111'] });
  graph = await startGraphPhoneNumberFake({
    accessToken: cloudApiInput.secrets.accessToken,
    wabaId: cloudApiInput.settings.wabaId,
    phoneNumbers: [
      { id: cloudApiInput.settings.phoneNumberId, displayPhoneNumber: '+1 555-000-3333', verifiedName: 'Acme Coaching', platformType: 'CLOUD_API' },
      { id: '200000000000001', displayPhoneNumber: '+1 555-000-4444', verifiedName: 'Acme Old', platformType: 'NOT_APPLICABLE' },
      { id: '200000000000002', displayPhoneNumber: '+1 555-000-5555', verifiedName: 'Acme Other', platformType: 'CLOUD_API', wabaId: '102290129349999' },
    ],
  });
  world = await createChannelsWorld(db, { twilioBaseUrl: twilio.baseUrl, graphBaseUrl: graph.graphBaseUrl });
});
afterAll(async () => {
  await twilio.close();
  await graph.close();
  await db.destroy();
});

async function verifyWith(input: { kind: string; name: string; settings: object; secrets: object }) {
  const created = await world.admin('POST', '/v1/channels', input);
  expect(created.status, created.text).toBe(201);
  const answer = await world.admin('POST', `/v1/channels/${String(created.json.id)}/verify`);
  answers.push(created.text, answer.text);
  expect(answer.status).toBe(200);
  await world.admin('DELETE', `/v1/channels/${String(created.json.id)}?force=true`);
  return answer.json as unknown as { ok: boolean; problem?: string; checks: { check: string; ok: boolean; message: string; providerCode?: string }[] };
}

describe('POST /v1/channels/:id/verify', () => {
  it('Twilio: the Auth Token, the API key and the sender all check out', async () => {
    const result = await verifyWith({ ...twilioInput, secrets: { ...twilioInput.secrets, apiKeySid: apiKey.sid, apiKeySecret: apiKey.secret } });
    expect(result).toMatchObject({ ok: true, checks: [{ check: 'authToken', ok: true }, { check: 'apiKey', ok: true }, { check: 'sender', ok: true }] });
    expect(result.problem).toBeUndefined();
  });

  it('Twilio: a wrong Auth Token is a bad credential, in words', async () => {
    const result = await verifyWith({ ...twilioInput, secrets: { authToken: 'wrong-token-SECRET-1111' } });
    expect(result).toMatchObject({ ok: false, problem: 'bad_credentials', checks: [{ check: 'authToken', ok: false, providerCode: '20003' }] });
    expect(result.checks[0].message).toContain('Twilio refused the Auth Token');
  });

  it('Twilio: a wrong API key secret is named', async () => {
    const result = await verifyWith({ ...twilioInput, secrets: { ...twilioInput.secrets, apiKeySid: apiKey.sid, apiKeySecret: 'wrong-SECRET-2222' } });
    expect(result).toMatchObject({ ok: false, problem: 'bad_credentials', checks: [{ ok: true }, { check: 'apiKey', ok: false }] });
  });

  it('Twilio: a sender that is not a number of the account', async () => {
    const result = await verifyWith({ ...twilioInput, settings: { ...twilioInput.settings, from: '+15550009999' } });
    expect(result).toMatchObject({ ok: false, problem: 'number_not_found' });
    expect(result.checks.at(-1)?.message).toContain('+15550009999 is neither a phone number of this Twilio account nor a WhatsApp sender');
  });

  it('Twilio: a WhatsApp sender bought elsewhere passes by the messages it sent, read with the API key', async () => {
    const result = await verifyWith({ ...twilioInput, settings: { ...twilioInput.settings, from: '+254700000111' }, secrets: { ...twilioInput.secrets, apiKeySid: apiKey.sid, apiKeySecret: apiKey.secret } });
    expect(result).toMatchObject({ ok: true, checks: [{ check: 'authToken' }, { check: 'apiKey' }, { check: 'sender', ok: true, message: '+254700000111 has sent WhatsApp messages through this account' }] });
    const read = twilio.requests.filter((r) => r.path.includes('/Messages.json') && r.path.includes('From='));
    expect(read.at(-1)?.headers.authorization).toBe(`Basic ${Buffer.from(`${apiKey.sid}:${apiKey.secret}`).toString('base64')}`);
  });

  it('Twilio: a suspended account is named', async () => {
    const suspended = await startTwilioAccountFake({ accountSid: twilioInput.settings.accountSid, authToken: twilioInput.secrets.authToken, phoneNumbers: [], status: 'suspended' });
    try {
      const result = await verifyTwilioChannel({ settings: twilioInput.settings, secrets: twilioInput.secrets, baseUrl: suspended.baseUrl });
      expect(result).toEqual({ ok: false, problem: 'account_not_active', checks: [{ check: 'authToken', ok: false, message: 'The account is suspended: reactivate it in the Twilio console' }] });
    } finally {
      await suspended.close();
    }
  });

  it('Cloud API: the number is found and registered', async () => {
    const result = await verifyWith(cloudApiInput);
    expect(result).toMatchObject({ ok: true, checks: [{ check: 'accessToken', ok: true }, { check: 'phoneNumber', ok: true }, { check: 'waba', ok: true }] });
    expect(result.checks[1].message).toContain('+1 555-000-3333 (Acme Coaching)');
  });

  it('Cloud API: the token must see the number under the channel’s WABA', async () => {
    const elsewhere = await verifyWith({ ...cloudApiInput, settings: { ...cloudApiInput.settings, phoneNumberId: '200000000000002' } });
    expect(elsewhere).toMatchObject({ ok: false, problem: 'number_not_in_waba', checks: [{ ok: true }, { ok: true }, { check: 'waba', ok: false }] });
    expect(elsewhere.checks[2].message).toBe(
      `The access token does not see phone number id 200000000000002 under WhatsApp Business Account ${cloudApiInput.settings.wabaId}: check settings.phoneNumberId and settings.wabaId`,
    );
    const unknownWaba = await verifyWith({ ...cloudApiInput, settings: { ...cloudApiInput.settings, wabaId: '555' } });
    expect(unknownWaba).toMatchObject({ ok: false, problem: 'wrong_waba', checks: [{ ok: true }, { ok: true }, { check: 'waba', ok: false, providerCode: '100/33' }] });
    expect(unknownWaba.checks[2].message).toContain('The access token cannot list the numbers of WhatsApp Business Account 555');
  });

  it('Cloud API: a bad token, a wrong number id, a number not registered for the Cloud API', async () => {
    const badToken = await verifyWith({ ...cloudApiInput, secrets: { ...cloudApiInput.secrets, accessToken: 'EAAG-wrong-SECRET-3333' } });
    expect(badToken).toMatchObject({ ok: false, problem: 'bad_credentials', checks: [{ check: 'accessToken', providerCode: '190/463' }] });
    expect(badToken.checks[0].message).toContain('Meta refused the access token');
    const wrongId = await verifyWith({ ...cloudApiInput, settings: { ...cloudApiInput.settings, phoneNumberId: '999999' } });
    expect(wrongId).toMatchObject({ ok: false, problem: 'wrong_number_id', checks: [{ providerCode: '100/33' }] });
    expect(wrongId.checks[0].message).toContain('No phone number has the id 999999');
    const notEnabled = await verifyWith({ ...cloudApiInput, settings: { ...cloudApiInput.settings, phoneNumberId: '200000000000001' } });
    expect(notEnabled).toMatchObject({ ok: false, problem: 'number_not_enabled' });
  });

  it('Baileys: the pairing state says whether the number is connected', async () => {
    const created = await world.admin('POST', '/v1/channels', { kind: 'baileys', name: 'Phone', settings: { phoneNumber: '+15550006666' } });
    const id = String(created.json.id);
    const never = await world.admin('POST', `/v1/channels/${id}/verify`);
    expect(never.json).toMatchObject({ ok: false, problem: 'not_paired', checks: [{ check: 'pairing', message: expect.stringContaining('Never paired') }] });
    await world.sql(`insert into baileys_sessions (channel_id, organization_id, state) values (:id, :organization_id, 'open')`, { id });
    expect((await world.admin('POST', `/v1/channels/${id}/verify`)).json).toMatchObject({ ok: true });
    await world.sql(`update baileys_sessions set state = 'logged_out' where organization_id = :organization_id and channel_id = :id`, { id });
    expect((await world.admin('POST', `/v1/channels/${id}/verify`)).json).toMatchObject({ ok: false, problem: 'logged_out' });
  });

  it('a provider that cannot be reached', async () => {
    const closed = await startTwilioAccountFake({ accountSid: twilioInput.settings.accountSid, authToken: 'x', phoneNumbers: [] });
    await closed.close();
    const offline = await createChannelsWorld(db, { twilioBaseUrl: closed.baseUrl });
    const created = await offline.admin('POST', '/v1/channels', { ...twilioInput, settings: { ...twilioInput.settings, from: '+15550005555' } });
    const answer = await offline.admin('POST', `/v1/channels/${String(created.json.id)}/verify`);
    expect(answer.json).toMatchObject({ ok: false, problem: 'provider_unreachable' });
  });

  it('never shows a secret in an answer or a log line', () => {
    const secrets = [twilioInput.secrets.authToken, apiKey.secret, cloudApiInput.secrets.accessToken, cloudApiInput.secrets.appSecret, 'wrong-token-SECRET-1111', 'wrong-SECRET-2222', 'EAAG-wrong-SECRET-3333'];
    for (const secret of secrets) {
      expect(answers.filter((text) => text.includes(secret))).toEqual([]);
      expect(world.logLines.filter((line) => line.includes(secret))).toEqual([]);
    }
  });
});
