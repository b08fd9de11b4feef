import twilio from 'twilio';
import type { VerifyResult } from '../channelTypes';
import type { TwilioFormParams } from './readTwilioForm';

export interface VerifyTwilioSignatureInput {
  /** The Twilio account's Auth Token (the webhook signing key). */
  authToken: string;
  /** The `X-Twilio-Signature` header, base64. */
  signature: string | undefined;
  /** The public URL exactly as Twilio called it: PUBLIC_URL + path + query, without any #fragment (connection overrides never reach the server; a third-party page says they are not signed, not confirmed with Twilio). */
  url: string;
  /** The POSTed form fields (see readTwilioForm). */
  params: TwilioFormParams;
}

/**
 * Check `X-Twilio-Signature` with the twilio library's own `validateRequest`
 * (HMAC-SHA1 of the URL and the sorted form fields, keyed by the Auth Token).
 */
export function verifyTwilioSignature(input: VerifyTwilioSignatureInput): VerifyResult {
  if (!input.authToken) {
    return { ok: false, reason: 'not_configured', message: 'the Twilio channel has no Auth Token stored' };
  }
  if (!input.signature) {
    return { ok: false, reason: 'missing_signature', message: 'X-Twilio-Signature header is missing' };
  }
  const valid = twilio.validateRequest(input.authToken, input.signature, input.url, input.params);
  return valid
    ? { ok: true }
    : {
        ok: false,
        reason: 'bad_signature',
        message: 'X-Twilio-Signature does not match: check the Auth Token and that PUBLIC_URL is the URL Twilio calls',
      };
}
