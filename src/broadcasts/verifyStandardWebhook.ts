import { timingSafeEqual } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

export interface SignedRequest {
  /** The `webhook-id` header: unique per message (also the idempotency key). */
  id: string | undefined;
  /** The `webhook-timestamp` header: seconds since the epoch. */
  timestamp: string | undefined;
  /** The `webhook-signature` header: space-separated `v1,<base64>` signatures. */
  signature: string | undefined;
  /** The raw body, exactly as received. */
  body: string;
}

/** Accepted distance between the sender's timestamp and now, seconds (Standard Webhooks suggests 5 minutes). */
export const WEBHOOK_TOLERANCE_SECONDS = 300;

/** The v1 signature of a message (the `standardwebhooks` package): base64 HMAC-SHA256 of `id.timestamp.body` under the secret (`whsec_<base64>`). */
export function signStandardWebhook(secret: string, id: string, timestamp: string, body: string): string {
  return new Webhook(secret).sign(id, new Date(Number(timestamp) * 1000), body);
}

/**
 * Verifies a Standard Webhooks request (webhook-id, webhook-timestamp, webhook-signature) against
 * the organization's secret at `now` (epoch ms). Returns undefined when it is genuine, else why not.
 * The signature is the package's; the timestamp is checked here against the engine's clock (the
 * package's `verify` reads the system clock, which tests move).
 */
export function verifyStandardWebhook(secret: string, request: SignedRequest, now: number, toleranceSeconds = WEBHOOK_TOLERANCE_SECONDS): string | undefined {
  if (!request.id || !request.timestamp || !request.signature) return 'send the webhook-id, webhook-timestamp and webhook-signature headers';
  if (!/^\d{1,12}$/.test(request.timestamp)) return 'webhook-timestamp must be whole seconds since the epoch';
  if (Math.abs(now / 1000 - Number(request.timestamp)) > toleranceSeconds) return `webhook-timestamp is more than ${toleranceSeconds} seconds from now: check the sender's clock, and do not replay old requests`;
  const expected = Buffer.from(signStandardWebhook(secret, request.id, request.timestamp, request.body));
  const matches = request.signature.split(' ').some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? undefined : 'webhook-signature does not match: sign `id.timestamp.body` with the secret from POST /v1/webhook-secret';
}
