import type { MikroORM } from '@mikro-orm/postgresql';
import type { RunCoordinator } from 'node-cron';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem } from '../db/tenancy/scopes';

/**
 * node-cron's run coordinator backed by PostgreSQL: for each run slot (node-cron's key, `name:ISO
 * time`), the first instance to insert the key into `cron_runs` runs it; the others skip. Works on
 * any number of instances (a plain insert, no session state).
 * @param instanceId written with each run, to see which instance ran what.
 */
export function createPostgresRunCoordinator(orm: MikroORM, instanceId: string): RunCoordinator {
  const em = () => asSystem(orm.em, 'cron run coordinator');
  return {
    async shouldRun(key: string): Promise<boolean> {
      const rows = await scopedSql(
        em(),
        `insert into cron_runs (key, instance, started_at) values (:key, :instance, clock_timestamp())
         on conflict (key) do nothing returning key`,
        { key, instance: instanceId },
      );
      return rows.length === 1;
    },
    async onComplete(key: string): Promise<void> {
      await scopedSql(em(), 'update cron_runs set finished_at = clock_timestamp() where key = :key', { key });
    },
  };
}
