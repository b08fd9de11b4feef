import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { toArrayLiteral } from '../db/toArrayLiteral';

/**
 * Extends this processor's lease on the given rows; answers the ids still its own (a row another
 * instance took over after the lease ran out, during an outage, is no longer this one's to run).
 */
export async function renewQueueLease(system: EntityManager, ids: string[], holder: string, until: Date): Promise<Set<string>> {
  const rows = await scopedSql<{ id: string }>(
    system,
    `update inbound_queue set claimed_until = :until where id = any(:ids::bigint[]) and claimed_by = :holder returning id::text`,
    { ids: toArrayLiteral(ids), holder, until },
  );
  return new Set(rows.map((row) => row.id));
}
