import type { EntityManager } from '@mikro-orm/postgresql';
import type { StatusUpdate } from '../channels/channelTypes';
import { scopedSql } from '../db/tenancy/scopedSql';
import { lockProviderMessage } from './lockProviderMessage';

const rank = `case status when 'queued' then 0 when 'held' then 0 when 'sending' then 1 when 'sent' then 2
  when 'delivered' then 3 when 'read' then 4 when 'failed' then 5 else 0 end`;
const statusRanks: Record<StatusUpdate['status'], number> = { sent: 2, delivered: 3, read: 4, failed: 5 };
const statusColumns = { sent: 'sent_at', delivered: 'delivered_at', read: 'read_at', failed: 'failed_at' } as const;

/**
 * Moves one outbound message forward to a provider status, with its time; never backwards (read
 * is never followed by delivered). Returns 'moved', 'stale' (the message is already further on) or
 * 'unknown' (no message has this provider id yet). Runs in the caller's organization scope.
 */
export async function moveMessageStatus(em: EntityManager, channelId: string, update: StatusUpdate): Promise<'moved' | 'stale' | 'unknown'> {
  const column = statusColumns[update.status];
  const rows = await scopedSql<{ moved: boolean }>(
    em,
    `with target as (
       select id, (${rank}) < :rank as forward from messages
        where organization_id = :organization_id and channel_id = :channel and provider_message_id = :providerId and direction = 'outbound'
     ), moved as (
       update messages m set status = :status, ${column} = coalesce(m.${column}, :at),
              error_code = coalesce(:code, m.error_code), error_reason = coalesce(:reason, m.error_reason)
         from target where m.id = target.id and target.forward
       returning m.id
     )
     select exists (select 1 from moved) as moved from target`,
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
  if (rows.length === 0) return 'unknown';
  return rows[0].moved ? 'moved' : 'stale';
}

/**
 * Applies a provider's delivery status to the outbound message it names, forward only. A status
 * that arrives before the send call returned the provider id (Cloud API webhooks can) is kept in
 * pending_statuses and applied by the dispatcher when it records the id. Returns whether a
 * message moved now. Organization scope; runs in its own transaction (or the caller's).
 */
export async function applyStatusUpdate(em: EntityManager, channelId: string, update: StatusUpdate): Promise<boolean> {
  return em.transactional(async (tx) => {
    await lockProviderMessage(tx, channelId, update.providerMessageId);
    const outcome = await moveMessageStatus(tx, channelId, update);
    if (outcome !== 'unknown') return outcome === 'moved';
    await scopedSql(
      tx,
      `insert into pending_statuses (organization_id, channel_id, provider_message_id, status, at, error_code, error_reason)
       values (:organization_id, :channel, :providerId, :status, :at, :code, :reason)`,
      {
        channel: channelId,
        providerId: update.providerMessageId,
        status: update.status,
        at: new Date(update.at),
        code: update.errorCode ?? null,
        reason: update.errorReason ?? null,
      },
    );
    return false;
  });
}
