import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { answerCloudApiHandshake } from '../../../src/channels/cloudApi/answerCloudApiHandshake';
import { createCloudApiAdapter } from '../../../src/channels/cloudApi/createCloudApiAdapter';
import { verifyCloudApiSignature } from '../../../src/channels/cloudApi/verifyCloudApiSignature';
import { readProviderFixture } from '../../fakes/readProviderFixture';

const APP_SECRET = 'test_app_secret_000000000000000';
const rawBody = Buffer.from(readProviderFixture('cloud-api/text.json'));
const sign = (body: Uint8Array, secret = APP_SECRET) => `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

describe('verifyCloudApiSignature (HMAC-SHA256 of the raw body)', () => {
  it('accepts the signature of the exact bytes', () => {
    expect(verifyCloudApiSignature({ appSecret: APP_SECRET, signature: sign(rawBody), rawBody })).toEqual({ ok: true });
  });

  it('rejects the same JSON re-serialized (the raw bytes are what is signed)', () => {
    const reserialized = Buffer.from(JSON.stringify(JSON.parse(rawBody.toString('utf8'))));
    expect(verifyCloudApiSignature({ appSecret: APP_SECRET, signature: sign(rawBody), rawBody: reserialized })).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('rejects another app secret', () => {
    expect(verifyCloudApiSignature({ appSecret: APP_SECRET, signature: sign(rawBody, 'other'), rawBody })).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('rejects a missing or malformed header', () => {
    expect(verifyCloudApiSignature({ appSecret: APP_SECRET, signature: undefined, rawBody })).toMatchObject({
      reason: 'missing_signature',
    });
    for (const signature of ['sha256=abc', 'sha1=' + 'a'.repeat(40), sign(rawBody).slice(7)]) {
      expect(verifyCloudApiSignature({ appSecret: APP_SECRET, signature, rawBody })).toMatchObject({ reason: 'bad_signature' });
    }
  });

  it('is what the adapter checks, from the x-hub-signature-256 header', () => {
    const adapter = createCloudApiAdapter({ appSecret: APP_SECRET, accessToken: 't', phoneNumberId: '000000000000002' });
    const request = { url: 'https://x.test/webhooks/whatsapp/ch', headers: { 'x-hub-signature-256': sign(rawBody) }, rawBody };
    expect(adapter.verify(request)).toEqual({ ok: true });
    expect(adapter.verify({ ...request, rawBody: Buffer.concat([rawBody, Buffer.from(' ')]) })).toMatchObject({ ok: false });
  });
});

describe('answerCloudApiHandshake', () => {
  const query = new URLSearchParams(readProviderFixture('cloud-api/verification-get.txt').trim());

  it('echoes hub.challenge when the verify token matches', () => {
    expect(answerCloudApiHandshake(query, 'TEST_VERIFY_TOKEN')).toEqual({ ok: true, challenge: '1158201444' });
  });

  it('answers 403 to a wrong verify token', () => {
    expect(answerCloudApiHandshake(query, 'OTHER_TOKEN')).toMatchObject({ ok: false, status: 403 });
    expect(answerCloudApiHandshake(query, '')).toMatchObject({ ok: false, status: 403 });
  });

  it('answers 400 to a wrong mode or a missing challenge', () => {
    const wrongMode = new URLSearchParams(query);
    wrongMode.set('hub.mode', 'unsubscribe');
    const noChallenge = new URLSearchParams(query);
    noChallenge.delete('hub.challenge');
    expect(answerCloudApiHandshake(wrongMode, 'TEST_VERIFY_TOKEN')).toMatchObject({ ok: false, status: 400 });
    expect(answerCloudApiHandshake(noChallenge, 'TEST_VERIFY_TOKEN')).toMatchObject({ ok: false, status: 400 });
  });
});
