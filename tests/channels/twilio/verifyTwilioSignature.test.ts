import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { buildWebhookUrls } from '../../../src/channelAdmin/buildWebhookUrls';
import { createTwilioAdapter } from '../../../src/channels/twilio/createTwilioAdapter';
import { readTwilioForm } from '../../../src/channels/twilio/readTwilioForm';
import { verifyTwilioSignature } from '../../../src/channels/twilio/verifyTwilioSignature';
import { readProviderFixture } from '../../fakes/readProviderFixture';

const AUTH_TOKEN = 'test_auth_token_0000000000000000';
const URL_CALLED = 'https://coach.example.test/webhooks/twilio/ch_1?tenant=acme';
const raw = readProviderFixture('twilio/inbound-text.form').trim();
const params = readTwilioForm(raw);

describe('verifyTwilioSignature (twilio validateRequest)', () => {
  it('accepts a signature made by twilio.getExpectedTwilioSignature for the URL as called', () => {
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, URL_CALLED, params);
    expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, signature, url: URL_CALLED, params })).toEqual({ ok: true });
  });

  describe('the inbound URL with its connection overrides fragment (Twilio does not say whether it signs the fragment)', () => {
    const webhooks = buildWebhookUrls('https://coach.example.test', { id: 'ch_1', kind: 'twilio' });
    if (webhooks.kind !== 'twilio') throw new Error('a Twilio channel has Twilio webhooks');
    const pasted = webhooks.inboundUrl;
    const called = pasted.split('#')[0];

    it('is pasted with the fragment and called without it', () => {
      expect(pasted).toMatch(/^https:\/\/coach\.example\.test\/webhooks\/twilio\/ch_1#rc=/);
      expect(called).toBe('https://coach.example.test/webhooks/twilio/ch_1');
    });

    it('accepts a signature over the URL with the fragment and one over the URL without it', () => {
      for (const signedUrl of [pasted, called]) {
        const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, signedUrl, params);
        expect(twilio.validateRequest(AUTH_TOKEN, signature, signedUrl, params), signedUrl).toBe(true);
        expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, signature, url: called, params }), signedUrl).toEqual({ ok: true });
        const adapter = createTwilioAdapter({ accountSid: 'AC00000000000000000000000000000000', authToken: AUTH_TOKEN, from: '+15550001111' });
        expect(adapter.verify({ url: called, headers: { 'x-twilio-signature': signature }, rawBody: Buffer.from(raw) }), signedUrl).toEqual({ ok: true });
      }
    });

    it('refuses a signature over other overrides, or made with another Auth Token over the fragment', () => {
      const otherOverrides = twilio.getExpectedTwilioSignature(AUTH_TOKEN, `${called}#rc=5&rt=3000`, params);
      expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, signature: otherOverrides, url: called, params })).toMatchObject({ ok: false, reason: 'bad_signature' });
      const otherToken = twilio.getExpectedTwilioSignature('another_token', pasted, params);
      expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, signature: otherToken, url: called, params })).toMatchObject({ ok: false, reason: 'bad_signature' });
    });
  });

  it('rejects a signature made with another Auth Token', () => {
    const signature = twilio.getExpectedTwilioSignature('another_token', URL_CALLED, params);
    const result = verifyTwilioSignature({ authToken: AUTH_TOKEN, signature, url: URL_CALLED, params });
    expect(result).toMatchObject({ ok: false, reason: 'bad_signature' });
  });

  it('rejects a missing signature', () => {
    const result = verifyTwilioSignature({ authToken: AUTH_TOKEN, signature: undefined, url: URL_CALLED, params });
    expect(result).toMatchObject({ ok: false, reason: 'missing_signature' });
  });

  it('rejects a signature for another URL (other path, other query)', () => {
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, URL_CALLED, params);
    for (const url of [
      'https://coach.example.test/webhooks/twilio/ch_2?tenant=acme',
      'https://coach.example.test/webhooks/twilio/ch_1',
      'https://evil.example.test/webhooks/twilio/ch_1?tenant=acme',
    ]) {
      expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, signature, url, params })).toMatchObject({
        ok: false,
        reason: 'bad_signature',
      });
    }
  });

  it('rejects a body changed after signing', () => {
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, URL_CALLED, params);
    const tampered = { ...params, Body: 'STOP' };
    expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, signature, url: URL_CALLED, params: tampered })).toMatchObject({
      ok: false,
      reason: 'bad_signature',
    });
  });

  it('says when no Auth Token is configured', () => {
    const result = verifyTwilioSignature({ authToken: '', signature: 'x', url: URL_CALLED, params });
    expect(result).toMatchObject({ ok: false, reason: 'not_configured' });
  });

  it('is what the adapter does with the raw bytes and the x-twilio-signature header', () => {
    const adapter = createTwilioAdapter({ accountSid: 'AC00000000000000000000000000000000', authToken: AUTH_TOKEN, from: '+15550001111' });
    const signature = twilio.getExpectedTwilioSignature(AUTH_TOKEN, URL_CALLED, params);
    const request = { url: URL_CALLED, headers: { 'x-twilio-signature': signature }, rawBody: Buffer.from(raw) };
    expect(adapter.verify(request)).toEqual({ ok: true });
    expect(adapter.verify({ ...request, headers: {} })).toMatchObject({ ok: false, reason: 'missing_signature' });
  });
});
