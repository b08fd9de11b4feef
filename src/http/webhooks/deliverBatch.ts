import type { LoadedChannel } from '../../channels/channelRegistry';
import type { WebhookBatch } from '../../channels/channelTypes';
import { forOrganization } from '../../db/tenancy/scopes';
import { applyStatusUpdate } from '../../delivery/applyStatusUpdate';
import { handleInbound, type InboundOutcome } from '../../engine/handleInbound';
import { storeInboundMedia } from './storeInboundMedia';
import type { WebhookDependencies } from './webhookDependencies';

/** Hands a verified batch to the engine: each message through the pipeline, each status to its message. */
export async function deliverBatch(deps: WebhookDependencies, channel: LoadedChannel, batch: WebhookBatch): Promise<InboundOutcome[]> {
  const outcomes: InboundOutcome[] = [];
  for (const received of batch.messages) {
    const message = await storeInboundMedia(channel.adapter, channel.id, deps.mediaDir, received);
    const outcome = await handleInbound(deps.engine, { id: channel.id, organizationId: channel.organizationId }, message);
    deps.engine.logger.info({ channelId: channel.id, providerMessageId: message.providerMessageId, outcome: outcome.kind }, 'inbound message');
    outcomes.push(outcome);
  }
  if (batch.statuses.length > 0) {
    await forOrganization(deps.engine.orm.em, channel.organizationId).transactional(async (tx) => {
      for (const status of batch.statuses) await applyStatusUpdate(tx, channel.id, status);
    });
  }
  return outcomes;
}
