import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTwilioAdapter } from '../../../src/channels/twilio/createTwilioAdapter';
import { downloadTwilioMedia } from '../../../src/channels/twilio/downloadTwilioMedia';
import { renderEmptyTwiml } from '../../../src/channels/twilio/renderEmptyTwiml';
import { parseTwilioWebhook } from '../../../src/channels/twilio/parseTwilioWebhook';
import { readTwilioForm } from '../../../src/channels/twilio/readTwilioForm';
import { readProviderFixture } from '../../fakes/readProviderFixture';
import { readBody } from '../../support/readBody';
import { startTwilioApiFake, type TwilioApiFake } from '../../fakes/startTwilioApiFake';

const ACCOUNT = 'AC00000000000000000000000000000000';
const TOKEN = 'test_auth_token_0000000000000000';
let fake: TwilioApiFake;

beforeAll(async () => {
  fake = await startTwilioApiFake();
  fake.addMedia('ME00000000000000000000000000000002', Buffer.from('fake jpeg'), 'image/jpeg');
});
afterAll(() => fake.close());

const mediaUrlFromFixture = (): string => {
  const result = parseTwilioWebhook(readTwilioForm(readProviderFixture('twilio/inbound-media.form').trim()), 0);
  if (!result.ok) throw new Error(result.error.message);
  const ref = result.batches[0].messages[0].media?.providerRef;
  if (!ref) throw new Error('no media');
  return ref;
};

describe('downloadTwilioMedia', () => {
  it('downloads MediaUrl0 with basic auth, following the redirect', async () => {
    const adapter = createTwilioAdapter({ accountSid: ACCOUNT, authToken: TOKEN, from: '+15550001111', baseUrl: fake.baseUrl });
    const result = await adapter.downloadMedia?.(mediaUrlFromFixture());
    if (!result?.ok) throw new Error('no download');
    expect(result.mimeType).toBe('image/jpeg');
    expect(await readBody(result.body)).toEqual(Buffer.from('fake jpeg'));
    expect(fake.requests[0].headers.authorization).toBe(`Basic ${Buffer.from(`${ACCOUNT}:${TOKEN}`).toString('base64')}`);
    expect(fake.requests.map((r) => r.path)).toEqual([
      '/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages/MM00000000000000000000000000000002/Media/ME00000000000000000000000000000002',
      '/media-cdn/ME00000000000000000000000000000002',
    ]);
  });

  it('refuses URLs outside api.twilio.com, so credentials never leave', async () => {
    const result = await downloadTwilioMedia({ accountSid: ACCOUNT, authToken: TOKEN }, 'https://evil.example.test/steal');
    expect(result).toMatchObject({ ok: false, kind: 'permanent', code: 'invalid_media_url' });
  });

  it('refuses a file over maxBytes', async () => {
    const result = await downloadTwilioMedia({ accountSid: ACCOUNT, authToken: TOKEN, baseUrl: fake.baseUrl, maxBytes: 3 }, mediaUrlFromFixture());
    expect(result).toMatchObject({ ok: false, code: 'too_large' });
  });
});

describe('renderEmptyTwiml', () => {
  it('is an empty TwiML Response', () => {
    expect(renderEmptyTwiml()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });
});
