import type { EntityManager } from '@mikro-orm/postgresql';
import type { InboundMessage } from '../channels/channelTypes';
import { scopedSql } from '../db/tenancy/scopedSql';

export interface InboundRecord {
  channelId: string;
  message: InboundMessage;
  /** Null for an unknown sender: then only a content-free dedupe row is stored. */
  workerId: string | null;
  conversationId: string | null;
  touchpointKey: string | null;
  /** Business time of receipt, epoch ms. */
  at: number;
}

/**
 * Logs an inbound message and returns its id, or undefined when the provider already delivered it
 * (inbound_provider_ids is unique on channel and provider message id): a retry is absorbed with no second effect.
 */
export async function recordInboundMessage(em: EntityManager, record: InboundRecord): Promise<string | undefined> {
  const { message } = record;
  const known = record.workerId !== null;
  const payload = known
    ? { replyId: message.replyId, media: message.media, profileName: message.profileName, unsupported: message.unsupported }
    : {};
  const [inserted] = await scopedSql<{ id: string }>(
    em,
    `with first_delivery as (
       insert into inbound_provider_ids (organization_id, channel_id, provider_message_id, received_at)
       values (:organization_id, :channel, :providerId, :at)
       on conflict (organization_id, channel_id, provider_message_id) do nothing
       returning 1)
     insert into messages (organization_id, channel_id, worker_id, conversation_id, touchpoint_key, direction, body, payload, status, provider_message_id, created_at, media_status, media_due_at)
     select :organization_id::uuid, :channel::uuid, :worker::uuid, :conversation::uuid, :touchpoint::text, 'inbound', :body::text, :payload::jsonb, 'received', :providerId::text, :at::timestamptz, :mediaStatus::text, :mediaDueAt::timestamptz
       from first_delivery
     returning id`,
    {
      channel: record.channelId,
      worker: record.workerId,
      conversation: record.conversationId,
      touchpoint: record.touchpointKey,
      body: known ? (message.text ?? message.media?.caption ?? null) : null,
      payload: JSON.stringify(payload),
      providerId: message.providerMessageId,
      at: new Date(record.at),
      // A worker's media is fetched after, off the webhook (fetchPendingMedia); an unknown sender's never.
      mediaStatus: known && message.media ? 'pending' : null,
      mediaDueAt: known && message.media ? new Date(record.at) : null,
    },
  );
  return inserted?.id;
}
