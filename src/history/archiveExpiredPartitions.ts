import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { exportOrganizationRows } from './exportOrganizationRows';
import type { HistoryCutoffs } from './historyRetention';
import { listMessagePartitions, type ListedPartition } from './listMessagePartitions';

/** Whether every organization with rows in `partition` has a cutoff at or after the month's end. */
async function pastEveryRetention(system: EntityManager, partition: ListedPartition, cutoffs: HistoryCutoffs): Promise<boolean> {
  const holders = await scopedSql<{ organization_id: string }>(system, `select distinct organization_id from "${partition.name}"`);
  return holders.every(({ organization_id: id }) => {
    const cutoff = cutoffs.get(id);
    return cutoff !== undefined && cutoff !== null && cutoff >= partition.to;
  });
}

/**
 * Whole months first (cheap: no row-by-row delete): a month partition whose month ended before the
 * retention cutoff of every organization with rows in it is detached, each organization's rows are
 * exported to `archiveDir/<organization>/<partition>.csv`, and the table is dropped. A month left
 * detached by an interrupted run is exported and dropped on the next. Returns the months dropped.
 */
export async function archiveExpiredPartitions(system: EntityManager, cutoffs: HistoryCutoffs, now: Date, archiveDir: string): Promise<string[]> {
  const dropped: string[] = [];
  for (const partition of await listMessagePartitions(system)) {
    if (partition.attached) {
      if (partition.to > now || !(await pastEveryRetention(system, partition, cutoffs))) continue;
      await scopedSql(system, `alter table messages detach partition "${partition.name}"`);
    }
    const holders = await scopedSql<{ organization_id: string }>(system, `select distinct organization_id from "${partition.name}"`);
    for (const { organization_id: organizationId } of holders) {
      await exportOrganizationRows(system, { table: partition.name, organizationId, before: partition.to, file: join(archiveDir, organizationId, `${partition.name}.csv`) });
    }
    await scopedSql(system, `drop table "${partition.name}"`);
    dropped.push(partition.name);
  }
  return dropped;
}
