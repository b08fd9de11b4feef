import type { LoadedChannel } from '../../channels/channelRegistry';
import type { WebhookBatch } from '../../channels/channelTypes';
import type { SpoolOutcome } from '../../inbound/createInboundSpool';
import { storeInboundMedia } from './storeInboundMedia';
import type { WebhookDependencies } from './webhookDependencies';

/** What a batch became: each message's outcome, and whether anything could be neither processed nor kept (answer 503). */
export interface BatchDelivery {
  outcomes: SpoolOutcome[];
  unavailable: boolean;
}

/**
 * Hands a verified batch to the engine: each message through the pipeline (or the spool while the
 * database is down), each status to its message, then wakes the dispatcher for the replies.
 */
export async function deliverBatch(deps: WebhookDependencies, channel: LoadedChannel, batch: WebhookBatch): Promise<BatchDelivery> {
  const ref = { id: channel.id, organizationId: channel.organizationId };
  const outcomes: SpoolOutcome[] = [];
  let unavailable = false;
  for (const received of batch.messages) {
    const message = await storeInboundMedia(channel.adapter, channel.id, deps.mediaDir, received);
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
  return { outcomes, unavailable };
}
