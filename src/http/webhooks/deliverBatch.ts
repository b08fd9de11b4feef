import type { LoadedChannel } from '../../channels/channelRegistry';
import type { WebhookBatch } from '../../channels/channelTypes';
import type { SpoolOutcome } from '../../inbound/createInboundSpool';
import type { WebhookDependencies } from './webhookDependencies';

/** What a batch became: each message's outcome, and whether anything could be neither processed nor kept (answer 503). */
export interface BatchDelivery {
  outcomes: SpoolOutcome[];
  unavailable: boolean;
}

/**
 * Hands a verified batch to the engine: each message through the pipeline (or the spool while the
 * database is down), each status to its message, then wakes the dispatcher for the replies and the
 * media fetcher for media (fetched after the message is stored, never inside the request).
 */
export async function deliverBatch(deps: WebhookDependencies, channel: LoadedChannel, batch: WebhookBatch): Promise<BatchDelivery> {
  const ref = { id: channel.id, organizationId: channel.organizationId };
  const outcomes: SpoolOutcome[] = [];
  let unavailable = false;
  for (const message of batch.messages) {
    const outcome = await deps.spool.receiveOrSpool(ref, message);
    deps.engine.logger.info({ channelId: channel.id, providerMessageId: message.providerMessageId, outcome: outcome.kind === 'processed' ? outcome.outcome.kind : outcome.kind }, 'inbound message');
    unavailable ||= outcome.kind === 'unavailable';
    outcomes.push(outcome);
  }
  for (const status of batch.statuses) {
    const outcome = await deps.spool.applyStatusOrSpool(ref, status);
    unavailable ||= outcome.kind === 'unavailable';
  }
  if (batch.messages.length > 0) deps.wakeDispatcher();
  if (batch.messages.some((message) => message.media)) void deps.fetchMedia();
  return { outcomes, unavailable };
}
