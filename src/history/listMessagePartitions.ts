import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { monthPartition, type MonthPartition } from './partitionMonths';

/** A month table of `messages`; `attached: false` is one detached by a retention run that has not finished exporting it. */
export interface ListedPartition extends MonthPartition {
  attached: boolean;
}

/** The month tables of `messages` (attached or detached), oldest first; the default partition is not listed. */
export async function listMessagePartitions(system: EntityManager): Promise<ListedPartition[]> {
  const rows = await scopedSql<{ name: string; attached: boolean }>(
    system,
    `select c.relname as name, c.relispartition as attached
       from pg_class c
      where c.relnamespace = current_schema()::regnamespace and c.relkind = 'r' and c.relname ~ '^messages_p[0-9]{4}_[0-9]{2}$'
      order by c.relname`,
  );
  return rows.flatMap((row) => {
    const partition = monthPartition(row.name);
    return partition ? [{ ...partition, attached: row.attached }] : [];
  });
}
