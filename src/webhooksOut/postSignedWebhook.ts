import { Webhook } from 'standardwebhooks';
import type { OutboundFetch } from '../outbound/createOutboundFetch';
import { describeRedirect } from '../outbound/describeRedirect';
import { outboundRefusalIn } from '../outbound/outboundAddressRefused';

/** What one attempt got back. */
export interface AttemptResult {
  ok: boolean;
  /** HTTP status, null when none came (timeout, refused connection). */
  status: number | null;
  /** Time to the answer (or to giving up), ms. */
  answerMs: number;
  /** Why it failed, in words. */
  error: string | null;
}

export interface SignedPost {
  url: string;
  /** The endpoint's `whsec_…` secret. */
  secret: string;
  /** The `webhook-id`: the event's id, the same on every retry. */
  id: string;
  body: string;
  /** Signing time, epoch ms. */
  at: number;
  /** Abandon the request after this, ms. */
  timeoutMs: number;
}

/**
 * POSTs one event signed with the Standard Webhooks scheme (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature` from the `standardwebhooks` package) through the outbound guard (no
 * internal address, no redirect followed). Any 2xx is delivered; nothing is thrown.
 */
export async function postSignedWebhook(post: SignedPost, outboundFetch: OutboundFetch): Promise<AttemptResult> {
  const timestamp = new Date(post.at);
  const signature = new Webhook(post.secret).sign(post.id, timestamp, post.body);
  const started = performance.now();
  const took = () => Math.round(performance.now() - started);
  try {
    const response = await outboundFetch(post.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'coaching-engine-webhooks/1',
        'webhook-id': post.id,
        'webhook-timestamp': String(Math.floor(post.at / 1000)),
        'webhook-signature': signature,
      },
      body: post.body,
      signal: AbortSignal.timeout(post.timeoutMs),
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return { ok, status: response.status, answerMs: took(), error: ok ? null : `the endpoint answered ${response.status}${describeRedirect(response)}` };
  } catch (error) {
    const refused = outboundRefusalIn(error);
    if (refused) return { ok: false, status: null, answerMs: took(), error: refused.message };
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    const reason = timedOut ? `no answer within ${post.timeoutMs} ms` : `could not reach the endpoint: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`;
    return { ok: false, status: null, answerMs: took(), error: reason };
  }
}
