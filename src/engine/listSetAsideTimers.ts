import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

export interface SetAsideTimer {
  id: string;
  workerId: string;
  workerName: string;
  conversationId: string;
  sendId: string;
  attempts: number;
  lastError: string | null;
  dueAt: string;
  setAsideAt: string;
}

/** The organization's timers that failed too often and are no longer fired, most recent first (at most `limit`). */
export async function listSetAsideTimers(em: EntityManager, limit: number): Promise<SetAsideTimer[]> {
  const rows = await scopedSql<{ id: string; worker_id: string; full_name: string; conversation_id: string; send_id: string; attempts: number; last_error: string | null; due_at: Date; set_aside_at: Date }>(
    em,
    `select t.id, c.worker_id, w.full_name, t.conversation_id, t.send_id, t.attempts, t.last_error, t.due_at, t.set_aside_at
       from timers t join conversations c on c.id = t.conversation_id join workers w on w.id = c.worker_id
      where t.organization_id = :organization_id and t.set_aside_at is not null
      order by t.set_aside_at desc, t.id limit :limit`,
    { limit },
  );
  return rows.map((row) => ({
    id: row.id,
    workerId: row.worker_id,
    workerName: row.full_name,
    conversationId: row.conversation_id,
    sendId: row.send_id,
    attempts: row.attempts,
    lastError: row.last_error,
    dueAt: new Date(row.due_at).toISOString(),
    setAsideAt: new Date(row.set_aside_at).toISOString(),
  }));
}
