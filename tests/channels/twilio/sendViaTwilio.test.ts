import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTwilioAdapter } from '../../../src/channels/twilio/createTwilioAdapter';
import type { ChannelAdapter } from '../../../src/channels/channelTypes';
import { startTwilioApiFake, type TwilioApiFake } from '../../fakes/startTwilioApiFake';

const ACCOUNT = 'AC00000000000000000000000000000000';
const TOKEN = 'test_auth_token_0000000000000000';
let fake: TwilioApiFake;
let adapter: ChannelAdapter;

beforeAll(async () => {
  fake = await startTwilioApiFake();
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  adapter = createTwilioAdapter({
    accountSid: ACCOUNT,
    authToken: TOKEN,
    from: '+15550001111',
    baseUrl: fake.baseUrl,
    statusCallbackUrl: 'https://coach.example.test/webhooks/twilio/ch_1/status',
    resolveContentSid: (t) => (t.name === 'weekly_nudge' ? 'HX00000000000000000000000000000001' : undefined),
  });
});

describe('sendViaTwilio through the real twilio client', () => {
  it('sends text to the Messages API with basic auth and whatsapp: addresses', async () => {
    const result = await adapter.send({ to: '+15550002222', text: 'Hello from the test suite' });
    expect(result).toEqual({ ok: true, providerMessageId: 'SM00000000000000000000000000000001' });
    const request = fake.requests[0];
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/2010-04-01/Accounts/${ACCOUNT}/Messages.json`);
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`);
    expect(fake.createdMessages()[0]).toEqual({
      To: 'whatsapp:+15550002222',
      From: 'whatsapp:+15550001111',
      Body: 'Hello from the test suite',
      StatusCallback: 'https://coach.example.test/webhooks/twilio/ch_1/status',
    });
  });

  it('sends media with its caption as the body', async () => {
    await adapter.send({
      to: '+15550002222',
      media: { kind: 'image', url: 'https://cdn.example.test/safety.jpg', caption: 'Lift with your legs' },
    });
    expect(fake.createdMessages()[0]).toMatchObject({
      Body: 'Lift with your legs',
      MediaUrl: 'https://cdn.example.test/safety.jpg',
    });
  });

  it.each(['buttons', 'list', 'numbered'] as const)('renders %s choices as numbered options', async (presentation) => {
    await adapter.send({
      to: '+15550002222',
      text: 'How did the shift go?',
      choices: { presentation, options: [{ id: 'good', title: 'Good' }, { id: 'hard', title: 'Hard' }] },
    });
    expect(fake.createdMessages()[0].Body).toBe('How did the shift go?\n\n1. Good\n2. Hard');
  });

  it('sends a template as contentSid with numbered contentVariables', async () => {
    await adapter.send({
      to: '+15550002222',
      template: { name: 'weekly_nudge', language: 'en', variables: ['Ana', 'Safety basics'] },
    });
    const sent = fake.createdMessages()[0];
    expect(sent.ContentSid).toBe('HX00000000000000000000000000000001');
    expect(JSON.parse(String(sent.ContentVariables))).toEqual({ '1': 'Ana', '2': 'Safety basics' });
    expect(sent.Body).toBeUndefined();
  });

  it('fails permanently, without a request, for a template with no Content SID', async () => {
    const result = await adapter.send({ to: '+15550002222', template: { name: 'unknown', language: 'en', variables: [] } });
    expect(result).toMatchObject({ ok: false, kind: 'permanent', code: 'template_not_registered' });
    expect(fake.requests).toHaveLength(0);
  });
});

describe('Twilio error classification (fixture error bodies)', () => {
  it('429 / 20429 is transient', async () => {
    fake.failNext('rate_limit');
    const result = await adapter.send({ to: '+15550002222', text: 'hi' });
    expect(result).toEqual({ ok: false, kind: 'transient', code: '20429', reason: 'Too Many Requests' });
  });

  it('5xx is transient', async () => {
    fake.failNext('server_error');
    expect(await adapter.send({ to: '+15550002222', text: 'hi' })).toMatchObject({ ok: false, kind: 'transient' });
  });

  it("21211 invalid 'To' is permanent with its code and reason", async () => {
    fake.failNext('invalid_to');
    const result = await adapter.send({ to: '+15550002222', text: 'hi' });
    expect(result).toEqual({
      ok: false,
      kind: 'permanent',
      code: '21211',
      reason: "Invalid 'To' Phone Number: +1555000XXXX",
    });
  });

  it('a refused connection is transient and not in doubt', async () => {
    const closed = await startTwilioApiFake();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const offline = createTwilioAdapter({ accountSid: ACCOUNT, authToken: TOKEN, from: '+15550001111', baseUrl });
    expect(await offline.send({ to: '+15550002222', text: 'hi' })).toMatchObject({
      ok: false,
      kind: 'transient',
      code: 'ECONNREFUSED',
      inDoubt: false,
    });
  });

  it('succeeds again after a transient failure', async () => {
    fake.failNext('rate_limit');
    expect((await adapter.send({ to: '+15550002222', text: 'a' })).ok).toBe(false);
    expect((await adapter.send({ to: '+15550002222', text: 'a' })).ok).toBe(true);
  });

  it('a timeout is transient and in doubt (the message may have gone)', async () => {
    fake.failNext('hang');
    const slow = createTwilioAdapter({ accountSid: ACCOUNT, authToken: TOKEN, from: '+15550001111', baseUrl: fake.baseUrl, timeoutMs: 200 });
    expect(await slow.send({ to: '+15550002222', text: 'hi' })).toMatchObject({ ok: false, kind: 'transient', inDoubt: true });
  });

  it('the fake enforces a per-second limit with 20429 when asked', async () => {
    const limited = await startTwilioApiFake({ rateLimitPerSecond: 2 });
    try {
      const sender = createTwilioAdapter({ accountSid: ACCOUNT, authToken: TOKEN, from: '+15550001111', baseUrl: limited.baseUrl });
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await sender.send({ to: '+15550002222', text: `m${i}` }));
      expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'ok', '20429']);
    } finally {
      await limited.close();
    }
  });
});
