import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';
import type { LogEntry } from '../../engine/listWorkerMessages';

interface Row { id: string; seq: string; direction: 'inbound' | 'outbound'; body: string | null; payload: Record<string, unknown>; status: string; touchpoint_key: string | null; error_code: string | null; error_reason: string | null; created_at: Date }

/** The newest message's sequence number of a worker ('0' when none): where a live thread starts. */
export async function lastMessageSeq(em: EntityManager, workerId: string): Promise<string> {
  const [row] = await scopedSql<{ seq: string | null }>(
    em,
    'select max(seq)::text as seq from messages where organization_id = :organization_id and worker_id = :worker',
    { worker: workerId },
  );
  return row?.seq ?? '0';
}

/** A worker's messages after a sequence number, oldest first (messages_worker_log_index). */
export async function listMessagesAfter(em: EntityManager, workerId: string, afterSeq: string, limit = 100): Promise<(LogEntry & { seq: string })[]> {
  const rows = await scopedSql<Row>(
    em,
    `select id, seq, direction, body, payload, status, touchpoint_key, error_code, error_reason, created_at from messages
      where organization_id = :organization_id and worker_id = :worker and seq > :after order by seq limit :limit`,
    { worker: workerId, after: afterSeq, limit },
  );
  return rows.map((row) => ({
    id: row.id, seq: String(row.seq), direction: row.direction, body: row.body, payload: row.payload, status: row.status, touchpointKey: row.touchpoint_key,
    errorCode: row.error_code, errorReason: row.error_reason, notBefore: null, createdAt: new Date(row.created_at).toISOString(), sentAt: null, deliveredAt: null, readAt: null, failedAt: null,
  }));
}
