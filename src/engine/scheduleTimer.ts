import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** Stores a delayed machine event; the same send id replaces the earlier timer (a fresh one: no failures, no claim). */
export async function scheduleTimer(
  em: EntityManager,
  conversationId: string,
  sendId: string,
  event: Record<string, unknown>,
  dueAt: number,
  at: number,
): Promise<void> {
  await scopedSql(
    em,
    `insert into timers (organization_id, conversation_id, send_id, event, due_at, created_at)
     values (:organization_id, :conversation, :sendId, :event, :due, :at)
     on conflict (conversation_id, send_id) do update set event = excluded.event, due_at = excluded.due_at, created_at = excluded.created_at,
                   attempts = 0, last_error = null, set_aside_at = null, claimed_until = null`,
    { conversation: conversationId, sendId, event: JSON.stringify(event), due: new Date(dueAt), at: new Date(at) },
  );
}

/** Deletes a timer the machine cancelled: a timer row that exists is live. */
export async function cancelTimer(em: EntityManager, conversationId: string, sendId: string): Promise<void> {
  await scopedSql(
    em,
    'delete from timers where organization_id = :organization_id and conversation_id = :conversation and send_id = :sendId',
    { conversation: conversationId, sendId },
  );
}
