import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ChannelAdapter } from '../../../src/channels/channelTypes';
import { classifyCloudApiError } from '../../../src/channels/cloudApi/classifyCloudApiError';
import { createCloudApiAdapter } from '../../../src/channels/cloudApi/createCloudApiAdapter';
import { sendViaCloudApi } from '../../../src/channels/cloudApi/sendViaCloudApi';
import { readProviderJson } from '../../fakes/readProviderFixture';
import { startGraphApiFake, type GraphApiFake } from '../../fakes/startGraphApiFake';

const TOKEN = 'test_access_token_000';
const PNID = '000000000000002';
const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: '15550002222' };
let fake: GraphApiFake;
let adapter: ChannelAdapter;

beforeAll(async () => {
  fake = await startGraphApiFake({ accessToken: TOKEN });
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.requests.length = 0;
  adapter = createCloudApiAdapter({ appSecret: 's', accessToken: TOKEN, phoneNumberId: PNID, graphBaseUrl: fake.graphBaseUrl });
});

const options = (n: number, title = (i: number) => `Option ${i}`) =>
  Array.from({ length: n }, (_, i) => ({ id: `opt_${i + 1}`, title: title(i + 1) }));

describe('sendViaCloudApi against the Graph fake', () => {
  it('posts text to /:version/:phoneNumberId/messages with the Bearer token', async () => {
    const result = await adapter.send({ to: '+15550002222', text: 'Hello' });
    expect(result).toEqual({ ok: true, providerMessageId: 'wamid.TEST0000000000000001OUT' });
    expect(fake.requests[0].path).toBe(`/v21.0/${PNID}/messages`);
    expect(fake.requests[0].headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(fake.requests[0].headers['content-type']).toBe('application/json');
    expect(fake.sentBodies()[0]).toEqual({ ...envelope, type: 'text', text: { body: 'Hello', preview_url: false } });
  });

  it('sends media by link with its caption', async () => {
    await adapter.send({ to: '+15550002222', media: { kind: 'image', url: 'https://cdn.example.test/a.jpg', caption: 'Look' } });
    await adapter.send({
      to: '+15550002222',
      media: { kind: 'document', url: 'https://cdn.example.test/a.pdf', caption: 'Read', filename: 'guide.pdf' },
    });
    expect(fake.sentBodies()).toEqual([
      { ...envelope, type: 'image', image: { link: 'https://cdn.example.test/a.jpg', caption: 'Look' } },
      { ...envelope, type: 'document', document: { link: 'https://cdn.example.test/a.pdf', caption: 'Read', filename: 'guide.pdf' } },
    ]);
  });

  it('sends up to 3 short choices as reply buttons', async () => {
    await adapter.send({ to: '+15550002222', text: 'Ready?', choices: { presentation: 'buttons', options: options(3) } });
    expect(fake.sentBodies()[0]).toEqual({
      ...envelope,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Ready?' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'opt_1', title: 'Option 1' } },
            { type: 'reply', reply: { id: 'opt_2', title: 'Option 2' } },
            { type: 'reply', reply: { id: 'opt_3', title: 'Option 3' } },
          ],
        },
      },
    });
  });

  it('falls back from buttons to a list when there are more than 3', async () => {
    await adapter.send({
      to: '+15550002222',
      text: 'Pick a topic',
      choices: { presentation: 'buttons', options: options(4), menuLabel: 'Topics' },
    });
    expect(fake.sentBodies()[0]).toEqual({
      ...envelope,
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Pick a topic' },
        action: { button: 'Topics', sections: [{ rows: options(4) }] },
      },
    });
  });

  it('falls back from buttons to a list when a title is over 20 characters', async () => {
    await adapter.send({
      to: '+15550002222',
      text: 'Pick',
      choices: { presentation: 'buttons', options: options(2, (i) => `A rather long title ${i}`) },
    });
    expect(fake.sentBodies()[0]).toMatchObject({ type: 'interactive', interactive: { type: 'list' } });
  });

  it('falls back to numbered text past 10 rows or 24-character titles', async () => {
    await adapter.send({ to: '+15550002222', text: 'Pick', choices: { presentation: 'list', options: options(11) } });
    await adapter.send({
      to: '+15550002222',
      text: 'Pick',
      choices: { presentation: 'list', options: options(2, (i) => `A title that is far too long ${i}`) },
    });
    const [many, long] = fake.sentBodies() as Array<{ type: string; text: { body: string } }>;
    expect(many.type).toBe('text');
    expect(many.text.body).toBe(`Pick\n\n${options(11).map((o, i) => `${i + 1}. ${o.title}`).join('\n')}`);
    expect(long.text.body).toBe('Pick\n\n1. A title that is far too long 1\n2. A title that is far too long 2');
  });

  it('renders numbered choices when asked', async () => {
    await adapter.send({ to: '+15550002222', text: 'Pick', choices: { presentation: 'numbered', options: options(2) } });
    expect(fake.sentBodies()[0]).toEqual({ ...envelope, type: 'text', text: { body: 'Pick\n\n1. Option 1\n2. Option 2', preview_url: false } });
  });

  it('sends a template with body variables', async () => {
    await adapter.send({ to: '+15550002222', template: { name: 'weekly_nudge', language: 'en_US', variables: ['Ana', '3'] } });
    expect(fake.sentBodies()[0]).toEqual({
      ...envelope,
      type: 'template',
      template: {
        name: 'weekly_nudge',
        language: { code: 'en_US' },
        components: [{ type: 'body', parameters: [{ type: 'text', text: 'Ana' }, { type: 'text', text: '3' }] }],
      },
    });
  });
});

describe('Cloud API error classification (fixture error bodies)', () => {
  it.each([
    ['pair_rate_limit', '131056', 6000],
    ['throughput', '130429', 1000],
  ] as const)('%s is transient with a suggested wait', async (failure, code, retryAfterMs) => {
    fake.failNext(failure);
    expect(await adapter.send({ to: '+15550002222', text: 'hi' })).toMatchObject({ ok: false, kind: 'transient', code, retryAfterMs });
  });

  it('5xx is transient', async () => {
    fake.failNext('server_error');
    expect(await adapter.send({ to: '+15550002222', text: 'hi' })).toMatchObject({ ok: false, kind: 'transient' });
  });

  it('131047 (re-engagement) is permanent and says to use a template', async () => {
    fake.failNext('reengagement');
    expect(await adapter.send({ to: '+15550002222', text: 'hi' })).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: '131047',
      reason: expect.stringContaining('template'),
    });
  });

  it('190 (expired token) is permanent', async () => {
    const wrongToken = { accessToken: 'expired', phoneNumberId: PNID, graphBaseUrl: fake.graphBaseUrl };
    expect(await sendViaCloudApi(wrongToken, { to: '+15550002222', text: 'hi' })).toMatchObject({
      ok: false,
      kind: 'permanent',
      code: '190',
    });
  });

  it('classifies the fixture bodies directly', () => {
    const body = (name: string) => readProviderJson(`graph-api/${name}.json`);
    expect(classifyCloudApiError(400, body('error-131056'))).toMatchObject({ kind: 'transient', code: '131056' });
    expect(classifyCloudApiError(400, body('error-130429'))).toMatchObject({ kind: 'transient', code: '130429' });
    expect(classifyCloudApiError(400, body('error-131047'))).toMatchObject({ kind: 'permanent', code: '131047' });
    expect(classifyCloudApiError(401, body('error-190'))).toMatchObject({ kind: 'permanent', code: '190' });
    expect(classifyCloudApiError(429, undefined, '7')).toMatchObject({ kind: 'transient', code: '429', retryAfterMs: 7000 });
    expect(classifyCloudApiError(400, { error: { code: 131026, message: 'Message undeliverable' } })).toMatchObject({
      kind: 'permanent',
      code: '131026',
    });
  });

  it('a refused connection is transient and not in doubt', async () => {
    const gone = await startGraphApiFake();
    const graphBaseUrl = gone.graphBaseUrl;
    await gone.close();
    expect(await sendViaCloudApi({ accessToken: TOKEN, phoneNumberId: PNID, graphBaseUrl }, { to: '+15550002222', text: 'hi' })).toMatchObject({
      ok: false,
      kind: 'transient',
      code: 'ECONNREFUSED',
      inDoubt: false,
    });
  });

  it('audio with a caption is refused before any request', async () => {
    const result = await adapter.send({ to: '+15550002222', text: 'Listen', media: { kind: 'audio', url: 'https://cdn.example.test/a.ogg' } });
    expect(result).toMatchObject({ ok: false, kind: 'permanent', code: 'unsupported_combination' });
    expect(fake.requests).toHaveLength(0);
  });

  it('a timeout is transient and in doubt', async () => {
    fake.failNext('hang');
    const result = await sendViaCloudApi(
      { accessToken: TOKEN, phoneNumberId: PNID, graphBaseUrl: fake.graphBaseUrl, timeoutMs: 200 },
      { to: '+15550002222', text: 'hi' },
    );
    expect(result).toMatchObject({ ok: false, kind: 'transient', code: 'timeout', inDoubt: true });
  });

  it('the fake enforces a per-second throughput with 130429 when asked', async () => {
    const limited = await startGraphApiFake({ rateLimitPerSecond: 2 });
    try {
      const opts = { accessToken: TOKEN, phoneNumberId: PNID, graphBaseUrl: limited.graphBaseUrl };
      const results = [];
      for (let i = 0; i < 3; i++) results.push(await sendViaCloudApi(opts, { to: '+15550002222', text: `m${i}` }));
      expect(results.map((r) => (r.ok ? 'ok' : r.code))).toEqual(['ok', 'ok', '130429']);
    } finally {
      await limited.close();
    }
  });
});

