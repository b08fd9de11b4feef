import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

export interface LogEntry {
  id: string;
  direction: 'inbound' | 'outbound';
  body: string | null;
  payload: Record<string, unknown>;
  status: string;
  touchpointKey: string | null;
  errorCode: string | null;
  /** Why it failed, is held or waits, in words (e.g. "deferred until 07:00 Africa/Nairobi (quiet hours)"). */
  errorReason: string | null;
  /** A queued message is not sent before this (quiet hours, a retry's backoff, a rate limit). */
  notBefore: string | null;
  createdAt: string;
  sentAt: string | null;
  deliveredAt: string | null;
  readAt: string | null;
  failedAt: string | null;
}

export interface LogPage {
  messages: LogEntry[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextCursor: string | null;
}

interface LogRow {
  id: string;
  seq: string;
  direction: 'inbound' | 'outbound';
  body: string | null;
  payload: Record<string, unknown>;
  status: string;
  touchpoint_key: string | null;
  error_code: string | null;
  error_reason: string | null;
  next_attempt_at: Date | null;
  created_at: Date;
  sent_at: Date | null;
  delivered_at: Date | null;
  read_at: Date | null;
  failed_at: Date | null;
}

const iso = (date: Date | null) => (date ? new Date(date).toISOString() : null);

/** A worker's conversation log, newest first, a page at a time (keyset on the insertion order). */
export async function listWorkerMessages(em: EntityManager, workerId: string, before: string | undefined, limit: number): Promise<LogPage> {
  const rows = await scopedSql<LogRow>(
    em,
    `select id, seq, direction, body, payload, status, touchpoint_key, error_code, error_reason, case when status = 'queued' then next_attempt_at end as next_attempt_at, created_at, sent_at, delivered_at, read_at, failed_at
       from messages
      where organization_id = :organization_id and worker_id = :worker and seq < :before
      order by seq desc limit :limit`,
    { worker: workerId, before: before ?? '9223372036854775807', limit: limit + 1 },
  );
  const page = rows.slice(0, limit);
  return {
    messages: page.map((row) => ({
      id: row.id,
      direction: row.direction,
      body: row.body,
      payload: row.payload,
      status: row.status,
      touchpointKey: row.touchpoint_key,
      errorCode: row.error_code,
      errorReason: row.error_reason,
      notBefore: iso(row.next_attempt_at),
      createdAt: new Date(row.created_at).toISOString(),
      sentAt: iso(row.sent_at),
      deliveredAt: iso(row.delivered_at),
      readAt: iso(row.read_at),
      failedAt: iso(row.failed_at),
    })),
    nextCursor: rows.length > limit ? String(page.at(-1)?.seq) : null,
  };
}
