import type { EntityManager } from '@mikro-orm/postgresql';
import type { StatusUpdate } from '../channels/channelTypes';
import { scopedSql } from '../db/tenancy/scopedSql';
import { moveMessageStatus } from './applyStatusUpdate';

interface PendingRow {
  id: string;
  status: StatusUpdate['status'];
  at: Date;
  error_code: string | null;
  error_reason: string | null;
}

/**
 * Applies, in the caller's transaction (organization scope, provider id locked), the statuses that
 * arrived for this provider id before the send returned it, then forgets them. Returns how many.
 */
export async function applyPendingStatuses(em: EntityManager, channelId: string, providerMessageId: string): Promise<number> {
  const pending = await scopedSql<PendingRow>(
    em,
    `delete from pending_statuses
      where organization_id = :organization_id and channel_id = :channel and provider_message_id = :providerId
      returning id, status, at, error_code, error_reason`,
    { channel: channelId, providerId: providerMessageId },
  );
  const order: StatusUpdate['status'][] = ['sent', 'delivered', 'read', 'failed'];
  pending.sort((a, b) => order.indexOf(a.status) - order.indexOf(b.status));
  for (const row of pending) {
    await moveMessageStatus(em, channelId, {
      providerMessageId,
      status: row.status,
      at: new Date(row.at).getTime(),
      ...(row.error_code ? { errorCode: row.error_code } : {}),
      ...(row.error_reason ? { errorReason: row.error_reason } : {}),
    });
  }
  return pending.length;
}
