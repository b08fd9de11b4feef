import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { BroadcastView } from './broadcastInput';

interface BroadcastRow {
  id: string;
  status: 'queued' | 'scheduled' | 'cancelled';
  send_at: Date | null;
  recipients: number;
  skipped_opted_out: number;
  skipped_left: number;
  outside_window: number;
  created_at: Date;
  queued: number;
  sent: number;
  delivered: number;
  read: number;
  failed: number;
  held: number;
}

/** A broadcast with its delivery counts, counted from the messages table now. */
export async function readBroadcast(em: EntityManager, id: string): Promise<BroadcastView | undefined> {
  const [row] = await scopedSql<BroadcastRow>(
    em,
    `select b.id, b.status, b.send_at, b.recipients, b.skipped_opted_out, b.skipped_left, b.outside_window, b.created_at,
            (count(m.id) filter (where m.status in ('queued', 'sending')))::int as queued,
            (count(m.id) filter (where m.status in ('sent', 'delivered', 'read')))::int as sent,
            (count(m.id) filter (where m.status in ('delivered', 'read')))::int as delivered,
            (count(m.id) filter (where m.status = 'read'))::int as read,
            (count(m.id) filter (where m.status = 'failed'))::int as failed,
            (count(m.id) filter (where m.status = 'held'))::int as held
       from broadcasts b left join messages m on m.broadcast_id = b.id and m.organization_id = :organization_id
      where b.organization_id = :organization_id and b.id = :id
      group by b.id`,
    { id },
  );
  if (!row) return undefined;
  const waiting = await scopedSql<{ status: 'queued' | 'held'; code: string; reason: string | null; messages: number }>(
    em,
    `select status, error_code as code, error_reason as reason, count(*)::int as messages from messages
      where organization_id = :organization_id and broadcast_id = :id and status in ('queued', 'held') and error_code is not null
      group by status, error_code, error_reason order by count(*) desc`,
    { id },
  );
  return {
    id: row.id,
    status: row.status,
    sendAt: row.send_at ? new Date(row.send_at).toISOString() : null,
    recipients: row.recipients,
    skipped: { optedOut: row.skipped_opted_out, left: row.skipped_left },
    outsideWindow: row.outside_window,
    counts: { queued: row.queued, sent: row.sent, delivered: row.delivered, read: row.read, failed: row.failed, held: row.held },
    waiting: waiting.map((w) => ({ ...w, reason: w.reason ?? w.code })),
    createdAt: new Date(row.created_at).toISOString(),
  };
}
