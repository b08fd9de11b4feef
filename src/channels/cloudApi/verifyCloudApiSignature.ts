import { createHmac, timingSafeEqual } from 'node:crypto';
import type { VerifyResult } from '../channelTypes';

export interface VerifyCloudApiSignatureInput {
  /** The Meta app secret (App settings → Basic). */
  appSecret: string;
  /** The `X-Hub-Signature-256` header: `sha256=<hex>`. */
  signature: string | undefined;
  /** The request body bytes exactly as received (never re-serialized JSON). */
  rawBody: Uint8Array;
}

/** Check `X-Hub-Signature-256`: HMAC-SHA256 of the raw body with the app secret, compared in constant time. */
export function verifyCloudApiSignature(input: VerifyCloudApiSignatureInput): VerifyResult {
  if (!input.appSecret) {
    return { ok: false, reason: 'not_configured', message: 'the Cloud API channel has no app secret stored' };
  }
  if (!input.signature) {
    return { ok: false, reason: 'missing_signature', message: 'X-Hub-Signature-256 header is missing' };
  }
  const match = /^sha256=([0-9a-f]{64})$/i.exec(input.signature.trim());
  if (!match) {
    return { ok: false, reason: 'bad_signature', message: 'X-Hub-Signature-256 must look like sha256=<64 hex digits>' };
  }
  const expected = createHmac('sha256', input.appSecret).update(input.rawBody).digest();
  const given = Buffer.from(match[1], 'hex');
  return timingSafeEqual(expected, given)
    ? { ok: true }
    : {
        ok: false,
        reason: 'bad_signature',
        message: 'X-Hub-Signature-256 does not match the body: check the app secret',
      };
}
