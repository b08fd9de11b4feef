import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { monthsFrom } from './partitionMonths';

/**
 * Months of `messages` partitions kept ready beyond the current one. One: the daily job creates next
 * month's on its first run of this month (a month of failed runs before a row could miss it, and
 * such a row waits in the default partition until the job moves it); every further empty month
 * costs a probe of each of its indexes on every by-key statement and the planning of each.
 */
export const MONTHS_AHEAD = 1;

/**
 * Creates the `messages` partitions of the current month (UTC) and the `ahead` next ones that do not
 * exist yet, through the migration's `ensure_messages_partition` (rows of those months that fell in
 * the default partition move in). Returns the months created, e.g. `['2027-03-01']`.
 */
export async function ensureMessagePartitions(system: EntityManager, now: Date, ahead = MONTHS_AHEAD): Promise<string[]> {
  const created: string[] = [];
  for (const month of monthsFrom(now, ahead)) {
    const [row] = await scopedSql<{ created: boolean }>(system, 'select ensure_messages_partition(:month::date) as created', { month });
    if (row.created) created.push(month);
  }
  return created;
}
