import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** When the next message is due and where, while a conversation waits out a pacing delay. */
export interface PacingWait {
  dueAt: number;
  /** The worker's timezone (else the organization's, else UTC). */
  timezone: string;
}

/**
 * The pacing wait a conversation is in, or null: a live `pace_*` timer exists exactly while the
 * machine sits in a touchpoint's waiting state (it leaves that state only when the timer fires).
 */
export async function findPacingWait(em: EntityManager, conversationId: string): Promise<PacingWait | null> {
  const [row] = await scopedSql<{ due_at: Date; timezone: string }>(
    em,
    `select t.due_at, coalesce(w.timezone, o.settings->>'timezone', 'UTC') as timezone
       from timers t join conversations c on c.id = t.conversation_id
       join workers w on w.id = c.worker_id join organizations o on o.id = c.organization_id
      where t.organization_id = :organization_id and t.conversation_id = :conversation
        and t.event->>'type' like 'xstate.after.pace\\_%'
      order by t.due_at limit 1`,
    { conversation: conversationId },
  );
  return row ? { dueAt: new Date(row.due_at).getTime(), timezone: row.timezone } : null;
}
