import { asSystem } from '../db/tenancy/scopes';
import { buildEventEnvelope } from './buildEventEnvelope';
import { claimDueWebhooks, type ClaimedWebhook } from './claimDueWebhooks';
import { openEndpointSecret } from './endpointSecret';
import type { EventSenderDependencies } from './eventSenderDependencies';
import { noticeDisabledEndpoint } from './noticeDisabledEndpoint';
import { postSignedWebhook, type AttemptResult } from './postSignedWebhook';
import { recordDeliveryOutcomes, type DeliveryOutcome } from './recordDeliveryOutcomes';
import { nextAttemptAt, RETRY_DELAYS_MS } from './retrySchedule';

const DEFAULT_TIMEOUT_MS = 10_000;

async function attempt(deps: EventSenderDependencies, claimed: ClaimedWebhook, body: string): Promise<AttemptResult> {
  try {
    const secret = openEndpointSecret(deps.secretBox, claimed.endpoint_id, claimed.secret_ciphertext);
    // Signed at the wall clock's time, not business time: receivers check it against their own clock.
    return await postSignedWebhook({ url: claimed.url, secret, id: claimed.event_id, body, at: Date.now(), timeoutMs: deps.timeoutMs ?? DEFAULT_TIMEOUT_MS }, deps.outboundFetch);
  } catch (error) {
    return { ok: false, status: null, answerMs: 0, error: `not sent: ${error instanceof Error ? error.message : String(error)}` };
  }
}

/**
 * One round of webhook delivery, after commit and off every request: claim what is due, POST each
 * (signed; in parallel, at most one per worker and endpoint), record every outcome in one
 * statement, notify the admins of endpoints disabled now. Answers how many were attempted.
 */
export async function deliverDueWebhooks(deps: EventSenderDependencies): Promise<number> {
  const system = asSystem(deps.orm.em.fork(), 'deliver event webhooks');
  const now = deps.clock.now();
  const timeoutMs = deps.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const claimed = await claimDueWebhooks(system, now, now + (deps.leaseMs ?? timeoutMs + 60_000), deps.batchSize ?? 50);
  if (claimed.length === 0) return 0;
  const outcomes = await Promise.all(
    claimed.map(async (delivery): Promise<DeliveryOutcome> => {
      const body = JSON.stringify(buildEventEnvelope(delivery));
      const result = await attempt(deps, delivery, body);
      const retryAt = result.ok ? null : nextAttemptAt(delivery.attempts, deps.clock.now(), deps.retryDelaysMs ?? RETRY_DELAYS_MS);
      const status = result.ok ? 'delivered' : retryAt === undefined ? 'failed' : 'pending';
      if (!result.ok) deps.logger.info({ deliveryId: delivery.id, endpointId: delivery.endpoint_id, attempt: delivery.attempts, status, error: result.error }, 'webhook delivery failed');
      return { id: delivery.id, status, nextAt: retryAt ?? null, lastStatus: result.status, answerMs: result.answerMs, lastError: result.error, body };
    }),
  );
  const disabled = await recordDeliveryOutcomes(system, outcomes, deps.clock.now());
  for (const endpoint of disabled) {
    await noticeDisabledEndpoint(deps, system, endpoint).catch((error: unknown) => deps.logger.warn({ err: error, endpointId: endpoint.id }, 'could not email the notice of a disabled endpoint'));
  }
  return claimed.length;
}
