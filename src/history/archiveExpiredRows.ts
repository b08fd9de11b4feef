import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { exportOrganizationRows } from './exportOrganizationRows';
import type { HistoryCutoffs } from './historyRetention';

/**
 * Then each organization's own rows past its cutoff in the months still kept (shared with
 * organizations that keep theirs longer): exported to
 * `archiveDir/<organization>/messages_before_<cutoff>_<run time>.csv`, then deleted (up to the
 * highest `seq` exported). Returns the rows archived per organization.
 */
export async function archiveExpiredRows(system: EntityManager, cutoffs: HistoryCutoffs, now: Date, archiveDir: string): Promise<Record<string, number>> {
  const archived: Record<string, number> = {};
  for (const [organizationId, cutoff] of cutoffs) {
    if (cutoff === null) continue;
    const file = join(archiveDir, organizationId, `messages_before_${cutoff.toISOString().slice(0, 10)}_${now.getTime()}.csv`);
    const exported = await exportOrganizationRows(system, { table: 'messages', organizationId, before: cutoff, file });
    if (exported.maxSeq === null) continue;
    await scopedSql(system, 'delete from messages where organization_id = :org and created_at < :cutoff and seq <= :maxSeq', { org: organizationId, cutoff, maxSeq: exported.maxSeq });
    archived[organizationId] = exported.written;
  }
  return archived;
}
