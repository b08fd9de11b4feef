import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** Whether the last message the worker received came from outside this conversation (a broadcast). */
export async function wasInterruptedByBroadcast(em: EntityManager, workerId: string, conversationId: string): Promise<boolean> {
  const [last] = await scopedSql<{ conversation_id: string | null }>(
    em,
    `select conversation_id from messages
      where organization_id = :organization_id and worker_id = :worker and direction = 'outbound'
      order by seq desc limit 1`,
    { worker: workerId },
  );
  return last !== undefined && last.conversation_id !== conversationId;
}

/**
 * Asks the conversation's pending question again, as a reply on the channel the worker just
 * wrote on: after a broadcast, a message that is not an answer should bring the worker back to
 * where they were.
 */
export async function repeatPendingQuestion(em: EntityManager, conversationId: string, channelId: string, at: number): Promise<void> {
  await scopedSql(
    em,
    `insert into messages (organization_id, channel_id, worker_id, conversation_id, touchpoint_key, direction, body, payload, status, priority, created_at)
     select m.organization_id, :channel::uuid, m.worker_id, m.conversation_id, m.touchpoint_key, 'outbound', m.body, m.payload, 'queued', 0, :at::timestamptz
       from messages m join workers w on w.id = m.worker_id and w.status = 'active'
      where m.organization_id = :organization_id and m.conversation_id = :conversation and m.direction = 'outbound'
        and m.payload->>'contentKey' = m.touchpoint_key and (m.payload->>'expectsAnswer')::boolean
      order by m.seq desc limit 1`,
    { conversation: conversationId, channel: channelId, at: new Date(at) },
  );
}
