import type { MikroORM } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem } from '../db/tenancy/scopes';

/**
 * Rows left in `sending` longer than the lease belong to an instance that died mid-send: the
 * provider may or may not have the message. Each is queued again once, marked possibly
 * duplicated; one that was already resent that way is failed with `in_doubt` instead, so no
 * message goes more than twice. Returns the ids requeued and failed.
 * @param leaseMs how long a send may take, milliseconds (business clock).
 */
export async function recoverStaleSends(orm: MikroORM, now: number, leaseMs: number): Promise<{ requeued: string[]; failed: string[] }> {
  const rows = await scopedSql<{ id: string; status: string }>(
    asSystem(orm.em, 'outbox crash recovery'),
    `update messages set
            status = case when possibly_duplicate then 'failed' else 'queued' end,
            possibly_duplicate = true,
            next_attempt_at = null,
            failed_at = case when possibly_duplicate then :now::timestamptz else failed_at end,
            error_code = case when possibly_duplicate then 'in_doubt' else 'resent_after_crash' end,
            error_reason = case when possibly_duplicate
              then 'the send was interrupted twice; the provider may have it: not sent again'
              else 'the sending instance stopped mid-send: sent again, possibly a duplicate' end
      where status = 'sending' and claimed_at < :cutoff
      returning id, status`,
    { now: new Date(now), cutoff: new Date(now - leaseMs) },
  );
  return {
    requeued: rows.filter((row) => row.status === 'queued').map((row) => row.id),
    failed: rows.filter((row) => row.status === 'failed').map((row) => row.id),
  };
}
