import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { readTwilioForm } from '../../../src/channels/twilio/readTwilioForm';
import { verifyTwilioSignature } from '../../../src/channels/twilio/verifyTwilioSignature';

const AUTH_TOKEN = 'test_auth_token_0000000000000000';
const URL_CALLED = 'https://coach.example.test/webhooks/twilio/ch_1';

describe('readTwilioForm', () => {
  it('keeps every value of a repeated key, in order', () => {
    expect(readTwilioForm('a=1&b=2&a=3&a=4')).toEqual({ a: ['1', '3', '4'], b: '2' });
  });

  it('reads one key repeated 40,000 times (a 160 KB body, under the 1 MiB default limit) in linear time: it runs before the signature is checked', () => {
    const repeats = 40_000;
    const started = performance.now();
    const params = readTwilioForm('a=1&'.repeat(repeats));
    // Copying the values at each repeat took about 20 s here (and 45 minutes for a whole 1 MiB), the event loop blocked throughout.
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(params.a).toHaveLength(repeats);
  });

  it('reads __proto__, constructor and toString as the fields sent, so the signature covers them', () => {
    const params = readTwilioForm('__proto__=x&constructor=y&toString=z');
    expect(Object.entries(params)).toEqual([['__proto__', 'x'], ['constructor', 'y'], ['toString', 'z']]);
    const signedWithout = twilio.getExpectedTwilioSignature(AUTH_TOKEN, URL_CALLED, { Body: 'hi' });
    expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, signature: signedWithout, url: URL_CALLED, params: readTwilioForm('Body=hi&__proto__=x') })).toMatchObject({ ok: false, reason: 'bad_signature' });
    const signedWith = twilio.getExpectedTwilioSignature(AUTH_TOKEN, URL_CALLED, { Body: 'hi', constructor: 'y' } as unknown as Record<string, string>);
    expect(verifyTwilioSignature({ authToken: AUTH_TOKEN, signature: signedWith, url: URL_CALLED, params: readTwilioForm('Body=hi&constructor=y') })).toEqual({ ok: true });
  });
});
