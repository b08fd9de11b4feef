import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';

export interface BroadcastRow {
  id: string; status: string; target: unknown; content: { text?: string; template?: { name: string } }; created_at: Date; send_at: Date | null;
  recipients: number; skipped_opted_out: number; queued: number; sent: number; delivered: number; read: number; failed: number;
  /** Why queued or held messages are not sent yet ("deferred until 07:00 Africa/Nairobi (quiet hours)"), distinct reasons joined. */
  waiting: string | null;
}

/** The latest 50 broadcasts with live counts from the messages table (messages_broadcast_index). */
export async function listBroadcastRows(em: EntityManager): Promise<BroadcastRow[]> {
  return scopedSql<BroadcastRow>(
    em,
    `select b.id, b.status, b.target, b.content, b.created_at, b.send_at, b.recipients, b.skipped_opted_out,
            count(m.id) filter (where m.status in ('queued', 'sending', 'held'))::int as queued,
            count(m.id) filter (where m.status = 'sent')::int as sent,
            count(m.id) filter (where m.status = 'delivered')::int as delivered,
            count(m.id) filter (where m.status = 'read')::int as read,
            count(m.id) filter (where m.status = 'failed')::int as failed,
            string_agg(distinct m.error_reason, '; ') filter (where m.status in ('queued', 'held')) as waiting
       from (select * from broadcasts where organization_id = :organization_id order by created_at desc limit 50) b
       left join messages m on m.broadcast_id = b.id and m.organization_id = :organization_id
      group by b.id, b.status, b.target, b.content, b.created_at, b.send_at, b.recipients, b.skipped_opted_out
      order by b.created_at desc`,
  );
}

/** Segment and program names by id, to show a broadcast's target by name. */
export async function listTargetNames(em: EntityManager) {
  const [segments, programs] = await Promise.all([
    scopedSql<{ id: string; name: string }>(em, 'select id, name from segments where organization_id = :organization_id order by name limit 500'),
    scopedSql<{ id: string; name: string }>(em, `select id, name from programs where organization_id = :organization_id and status = 'active' order by name limit 500`),
  ]);
  return { segments, programs };
}
