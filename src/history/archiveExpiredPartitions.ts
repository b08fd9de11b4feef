import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { exportOrganizationRows } from './exportOrganizationRows';
import type { HistoryCutoffs } from './historyRetention';
import { listMessagePartitions, type ListedPartition } from './listMessagePartitions';

/** Whether every organization with rows in `partition` has a cutoff at or after the month's end. */
function pastEveryRetention(partition: ListedPartition, holders: string[], cutoffs: HistoryCutoffs): boolean {
  return holders.every((id) => {
    const cutoff = cutoffs.get(id);
    return cutoff !== undefined && cutoff !== null && cutoff >= partition.to;
  });
}

/**
 * Detaches a month from `messages`; false when the lock did not come within 5 seconds (a long
 * query on the table): the month waits for the next run instead of queueing every message behind it.
 */
async function detach(system: EntityManager, partition: ListedPartition): Promise<boolean> {
  try {
    await system.transactional(async (tx) => {
      await scopedSql(tx, `select set_config('lock_timeout', '5s', true)`);
      await scopedSql(tx, `alter table messages detach partition "${partition.name}"`);
    });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === '55P03') return false;
    throw error;
  }
}

/**
 * Whole months first (cheap: no row-by-row delete): a month partition whose month ended before the
 * retention cutoff of every organization with rows in it is detached, each organization's rows are
 * exported to `archiveDir/<organization>/<partition>.csv` (`<partition>_<run time>.csv` if that
 * exists: never over an earlier archive), and the table is dropped. A month left
 * detached by an interrupted run is exported and dropped on the next. Returns the months dropped.
 */
export async function archiveExpiredPartitions(system: EntityManager, cutoffs: HistoryCutoffs, now: Date, archiveDir: string): Promise<string[]> {
  const dropped: string[] = [];
  const holdersOf = async (partition: ListedPartition) =>
    (await scopedSql<{ organization_id: string }>(system, `select distinct organization_id from "${partition.name}"`)).map((row) => row.organization_id);
  for (const partition of await listMessagePartitions(system)) {
    if (partition.attached) {
      if (partition.to > now || !pastEveryRetention(partition, await holdersOf(partition), cutoffs) || !(await detach(system, partition))) continue;
    }
    // Read again once detached: a row that came in meanwhile is exported too.
    for (const organizationId of await holdersOf(partition)) {
      // A month archived before, then restored: its first archive stays, this one is written beside it.
      const first = join(archiveDir, organizationId, `${partition.name}.csv`);
      const file = existsSync(first) ? join(archiveDir, organizationId, `${partition.name}_${now.getTime()}.csv`) : first;
      await exportOrganizationRows(system, { table: partition.name, organizationId, before: partition.to, file });
    }
    await scopedSql(system, `drop table "${partition.name}"`);
    dropped.push(partition.name);
  }
  return dropped;
}
