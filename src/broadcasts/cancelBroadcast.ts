import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Cancels a scheduled broadcast before its time: its queued messages are removed from the outbox
 * (any a dispatcher already claimed go on). Returns how many were withdrawn, or a refusal.
 */
export async function cancelBroadcast(em: EntityManager, id: string, at: number): Promise<{ withdrawn: number } | { code: 'not_scheduled'; message: string }> {
  return em.transactional(async (tx) => {
    const [row] = await scopedSql<{ status: string; send_at: Date | null }>(tx, `select status, send_at from broadcasts where organization_id = :organization_id and id = :id for no key update`, { id });
    if (row.status !== 'scheduled' || !row.send_at || new Date(row.send_at).getTime() <= at) {
      return { code: 'not_scheduled' as const, message: `Only a broadcast scheduled for later can be cancelled; this one is ${row.status === 'scheduled' ? 'due already' : row.status}` };
    }
    const withdrawn = await scopedSql(
      tx,
      `delete from messages where organization_id = :organization_id and broadcast_id = :id and status = 'queued' returning id`,
      { id },
    );
    await scopedSql(tx, `update broadcasts set status = 'cancelled', cancelled_at = :at where organization_id = :organization_id and id = :id`, { id, at: new Date(at) });
    return { withdrawn: withdrawn.length };
  });
}

/** The organization's latest broadcasts (ids, newest first). */
export async function listBroadcastIds(em: EntityManager, limit: number): Promise<string[]> {
  const rows = await scopedSql<{ id: string }>(em, `select id from broadcasts where organization_id = :organization_id order by created_at desc, id limit :limit`, { limit });
  return rows.map((row) => row.id);
}
