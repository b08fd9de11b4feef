import type { EntityManager } from '@mikro-orm/postgresql';
import type { StatusUpdate } from '../channels/channelTypes';
import { scopedSql } from '../db/tenancy/scopedSql';

const rank = `case status when 'queued' then 0 when 'held' then 0 when 'sending' then 1 when 'sent' then 2
  when 'delivered' then 3 when 'read' then 4 when 'failed' then 5 else 0 end`;
const statusRanks: Record<StatusUpdate['status'], number> = { sent: 2, delivered: 3, read: 4, failed: 5 };

/**
 * Applies a provider's delivery status to the outbound message it names. Statuses only move
 * forward (read is never followed by delivered), each with its time. Returns whether a message
 * moved.
 */
export async function applyStatusUpdate(em: EntityManager, channelId: string, update: StatusUpdate): Promise<boolean> {
  const column = { sent: 'sent_at', delivered: 'delivered_at', read: 'read_at', failed: 'failed_at' }[update.status];
  const rows = await scopedSql(
    em,
    `update messages set status = :status, ${column} = coalesce(${column}, :at),
            error_code = coalesce(:code, error_code), error_reason = coalesce(:reason, error_reason)
      where organization_id = :organization_id and channel_id = :channel and provider_message_id = :providerId and direction = 'outbound'
        and (${rank}) < :rank
      returning id`,
    {
      status: update.status,
      at: new Date(update.at),
      code: update.errorCode ?? null,
      reason: update.errorReason ?? null,
      channel: channelId,
      providerId: update.providerMessageId,
      rank: statusRanks[update.status],
    },
  );
  return rows.length > 0;
}
