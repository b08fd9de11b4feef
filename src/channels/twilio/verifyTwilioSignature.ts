// twilio's webhooks module alone: the whole SDK (its REST client) is loaded only when a Twilio channel sends.
import { validateRequest } from 'twilio/lib/webhooks/webhooks.js';
import type { VerifyResult } from '../channelTypes';
import type { TwilioFormParams } from './readTwilioForm';
import { twilioConnectionOverrides } from './twilioConnectionOverrides';

export interface VerifyTwilioSignatureInput {
  /** The Twilio account's Auth Token (the webhook signing key). */
  authToken: string;
  /** The `X-Twilio-Signature` header, base64. */
  signature: string | undefined;
  /** The public URL exactly as Twilio called it: PUBLIC_URL + path + query (a #fragment never reaches the server). */
  url: string;
  /** The POSTed form fields (see readTwilioForm). */
  params: TwilioFormParams;
}

/**
 * The URLs Twilio may have signed for a request to `url`: as called, and with the connection
 * overrides fragment the engine tells admins to paste (buildWebhookUrls).
 *
 * Whether Twilio signs the configured URL with or without its `#…` fragment is not settled by its
 * documentation (checked 2026-11-26): "Secure webhooks" says the signature combines "the Webhook
 * URL set in Twilio" with the request parameters
 * (https://www.twilio.com/docs/usage/webhooks/webhooks-security), which would include the
 * fragment; the connection overrides page describes the fragment but says nothing of signatures
 * (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides); error 57012 asks to
 * validate "with the exact webhook URL Twilio requested" (https://www.twilio.com/docs/api/errors/57012),
 * and a requested URL carries no fragment. So both forms are accepted: each is still an HMAC
 * keyed by the Auth Token, so this accepts nothing an attacker could sign. Overrides other than
 * ours (an admin who edits them) can only be matched in the first form.
 */
function signedUrlCandidates(url: string): string[] {
  const withoutFragment = url.split('#')[0];
  return [...new Set([url, withoutFragment, `${withoutFragment}#${twilioConnectionOverrides}`])];
}

/**
 * Check `X-Twilio-Signature` with the twilio library's own `validateRequest`
 * (HMAC-SHA1 of the URL and the sorted form fields, keyed by the Auth Token), for the URL as
 * called with or without the engine's connection overrides fragment.
 */
export function verifyTwilioSignature(input: VerifyTwilioSignatureInput): VerifyResult {
  if (!input.authToken) {
    return { ok: false, reason: 'not_configured', message: 'the Twilio channel has no Auth Token stored' };
  }
  if (!input.signature) {
    return { ok: false, reason: 'missing_signature', message: 'X-Twilio-Signature header is missing' };
  }
  const signature = input.signature;
  const valid = signedUrlCandidates(input.url).some((url) => validateRequest(input.authToken, signature, url, input.params));
  return valid
    ? { ok: true }
    : {
        ok: false,
        reason: 'bad_signature',
        message: 'X-Twilio-Signature does not match: check the Auth Token and that PUBLIC_URL is the URL Twilio calls',
      };
}
