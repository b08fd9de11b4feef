import type { LoadedChannel } from '../../channels/channelRegistry';
import type { WebhookBatch } from '../../channels/channelTypes';
import type { SpoolOutcome } from '../../inbound/createInboundSpool';
import type { WebhookDependencies } from './webhookDependencies';

/** What a batch became: each message's outcome, and whether anything could be neither queued nor kept (answer 503). */
export interface BatchDelivery {
  outcomes: SpoolOutcome[];
  unavailable: boolean;
}

/**
 * Hands a verified batch to the engine: its messages are made durable in the inbound queue, in
 * order and in one statement (shared with the webhooks arriving meanwhile), or spooled while the
 * database is down; their steps run right behind, in the inbound processor, which then wakes the
 * dispatcher and the media fetcher. Each status goes to its message.
 */
export async function deliverBatch(deps: WebhookDependencies, channel: LoadedChannel, batch: WebhookBatch): Promise<BatchDelivery> {
  const ref = { id: channel.id, organizationId: channel.organizationId };
  const outcomes = await Promise.all(batch.messages.map((message) => deps.spool.queueOrSpool(ref, message)));
  batch.messages.forEach((message, index) => {
    const outcome = outcomes[index];
    deps.engine.logger.info({ channelId: channel.id, providerMessageId: message.providerMessageId, outcome: outcome.kind === 'queued' && outcome.duplicate ? 'duplicate' : outcome.kind }, 'inbound message');
  });
  let unavailable = outcomes.some((outcome) => outcome.kind === 'unavailable');
  for (const status of batch.statuses) unavailable = (await deps.spool.applyStatusOrSpool(ref, status)).kind === 'unavailable' || unavailable;
  return { outcomes, unavailable };
}
