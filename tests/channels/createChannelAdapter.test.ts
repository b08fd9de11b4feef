import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelAdapter } from '../../src/channels/createChannelAdapter';
import { startGraphApiFake, type GraphApiFake } from '../fakes/startGraphApiFake';
import { startTwilioApiFake, type TwilioApiFake } from '../fakes/startTwilioApiFake';

const twilioSettings = {
  accountSid: 'AC00000000000000000000000000000000',
  from: '+15550001111',
  contentSids: { 'weekly_nudge:es': 'HX000000000000000000000000000000e5', weekly_nudge: 'HX000000000000000000000000000000e1' },
};
const cloudSettings = { phoneNumberId: '000000000000002', appId: '1234567890' };
const cloudSecrets = { appSecret: 'app-secret-value', accessToken: 'access-token-value', verifyToken: 'verify-token-value' };
let twilioFake: TwilioApiFake;
let graphFake: GraphApiFake;

beforeAll(async () => {
  twilioFake = await startTwilioApiFake();
  graphFake = await startGraphApiFake({ accessToken: cloudSecrets.accessToken });
});
afterAll(async () => {
  await twilioFake.close();
  await graphFake.close();
});

describe('createChannelAdapter', () => {
  it('builds a Twilio adapter whose templates resolve through contentSids (name:language first)', async () => {
    const built = createChannelAdapter({
      kind: 'twilio',
      settings: twilioSettings,
      secrets: { authToken: 'tw-token' },
      twilioBaseUrl: twilioFake.baseUrl,
      statusCallbackUrl: 'https://coach.example.test/webhooks/twilio/ch_1/status',
    });
    if (!built.ok) throw new Error(built.error.message);
    expect(built.adapter.kind).toBe('twilio');
    await built.adapter.send({ to: '+15550002222', template: { name: 'weekly_nudge', language: 'es', variables: [] } });
    await built.adapter.send({ to: '+15550002222', template: { name: 'weekly_nudge', language: 'fr', variables: [] } });
    expect(twilioFake.createdMessages().map((m) => [m.ContentSid, m.StatusCallback])).toEqual([
      ['HX000000000000000000000000000000e5', 'https://coach.example.test/webhooks/twilio/ch_1/status'],
      ['HX000000000000000000000000000000e1', 'https://coach.example.test/webhooks/twilio/ch_1/status'],
    ]);
  });

  it('builds a Cloud API adapter that sends with the stored token', async () => {
    const built = createChannelAdapter({ kind: 'cloud_api', settings: cloudSettings, secrets: cloudSecrets, graphBaseUrl: graphFake.graphBaseUrl });
    if (!built.ok) throw new Error(built.error.message);
    expect(await built.adapter.send({ to: '+15550002222', text: 'hi' })).toMatchObject({ ok: true });
  });

  it('builds a console adapter around a sink', async () => {
    const sent: string[] = [];
    const built = createChannelAdapter({ kind: 'console', settings: {}, secrets: {}, consoleSink: (m) => void sent.push(m.text ?? '') });
    if (!built.ok) throw new Error(built.error.message);
    await built.adapter.send({ to: '+15550002222', text: 'hello' });
    expect(sent).toEqual(['hello']);
  });

  it.each([
    ['twilio', { ...twilioSettings, accountSid: 'XX1' }, { authToken: 't' }, 'settings.accountSid'],
    ['twilio', { accountSid: twilioSettings.accountSid }, { authToken: 't' }, 'settings.from'],
    ['twilio', twilioSettings, {}, 'secrets.authToken'],
    ['cloud_api', { appId: '1' }, cloudSecrets, 'settings.phoneNumberId'],
    ['cloud_api', cloudSettings, { ...cloudSecrets, verifyToken: undefined }, 'secrets.verifyToken'],
  ] as const)('%s: names the bad field %s', (kind, settings, secrets, field) => {
    const built = createChannelAdapter({ kind, settings, secrets });
    expect(built).toMatchObject({ ok: false, error: { field } });
  });

  it('never puts secret values in its errors', () => {
    const secrets = { authToken: 'super-secret-token', apiKeySid: 'SK-not-a-valid-sid-secretish', apiKeySecret: 'key-secret-value' };
    const built = createChannelAdapter({ kind: 'twilio', settings: twilioSettings, secrets });
    expect(built.ok).toBe(false);
    const text = JSON.stringify(built);
    for (const value of Object.values(secrets)) expect(text).not.toContain(value);
  });

  it('says baileys needs its running sockets, and console needs a sink', () => {
    expect(createChannelAdapter({ kind: 'baileys', settings: {}, secrets: {} })).toMatchObject({ ok: false, error: { field: 'baileys' } });
    const send = async () => ({ ok: true as const, providerMessageId: 'x' });
    expect(createChannelAdapter({ kind: 'baileys', settings: { dailyCap: 0 }, secrets: {}, baileys: { send } })).toMatchObject({ ok: false, error: { field: 'settings.dailyCap' } });
    expect(createChannelAdapter({ kind: 'baileys', settings: {}, secrets: {}, baileys: { send } })).toMatchObject({ ok: true, adapter: { kind: 'baileys' } });
    expect(createChannelAdapter({ kind: 'console', settings: {}, secrets: {} })).toMatchObject({ ok: false, error: { field: 'consoleSink' } });
  });
});
