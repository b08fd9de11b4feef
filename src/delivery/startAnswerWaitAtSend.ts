import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { OutboxRow } from './outboxRow';

/**
 * A question's reminder and timeout count from when it was actually sent, not queued: the timers
 * its conversation step scheduled (same conversation, created at the message's business time)
 * move later by the time the message waited in the outbox, unless the worker has written since
 * the question was queued (the conversation moved on; its timers are not this question's).
 * Organization scope.
 */
export async function startAnswerWaitAtSend(em: EntityManager, row: OutboxRow, sentAt: number): Promise<void> {
  if (!row.conversation_id || !row.worker_id || row.payload.expectsAnswer !== true) return;
  const waitedMs = sentAt - new Date(row.created_at).getTime();
  if (waitedMs <= 0) return;
  await scopedSql(
    em,
    `update timers set due_at = due_at + make_interval(secs => :waited)
      where organization_id = :organization_id and conversation_id = :conversation and created_at = :createdAt
        and not exists (select 1 from messages i
                         where i.organization_id = :organization_id and i.worker_id = :worker and i.direction = 'inbound' and i.seq > :seq::bigint)`,
    { conversation: row.conversation_id, createdAt: new Date(row.created_at), waited: waitedMs / 1000, worker: row.worker_id, seq: row.seq },
  );
}
