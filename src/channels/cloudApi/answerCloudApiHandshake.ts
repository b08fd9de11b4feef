import { createHash, timingSafeEqual } from 'node:crypto';

export type HandshakeResult =
  | { ok: true; /** Echo this as the plain-text 200 body. */ challenge: string }
  | { ok: false; /** HTTP status to answer. */ status: 400 | 403; message: string };

/**
 * Answer Meta's webhook verification GET: `hub.mode=subscribe`, the
 * `hub.verify_token` configured for the channel, and `hub.challenge` to echo.
 * @param query the request's query parameters.
 * @param verifyToken the token the channel was configured with in Meta's dashboard.
 */
export function answerCloudApiHandshake(query: URLSearchParams, verifyToken: string): HandshakeResult {
  const mode = query.get('hub.mode');
  const token = query.get('hub.verify_token');
  const challenge = query.get('hub.challenge');
  if (mode !== 'subscribe') {
    return { ok: false, status: 400, message: "hub.mode must be 'subscribe'" };
  }
  if (!challenge) {
    return { ok: false, status: 400, message: 'hub.challenge is missing' };
  }
  if (!verifyToken || !token || !sameSecret(token, verifyToken)) {
    return { ok: false, status: 403, message: 'hub.verify_token does not match the channel' };
  }
  return { ok: true, challenge };
}

function sameSecret(a: string, b: string): boolean {
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(a), digest(b));
}
