import { asSystem } from '../db/tenancy/scopes';
import type { EngineDependencies } from '../engine/engineDependencies';
import type { ClusterJob } from '../scheduler/startScheduler';
import { runHistoryMaintenance } from './runHistoryMaintenance';

/** The once-per-cluster history job for `startScheduler({ jobs })`: daily at 02:41 UTC, and its archive folder. */
export function historyJob(engine: EngineDependencies, archiveDir: string): ClusterJob {
  return {
    name: 'history-maintenance',
    cron: '41 2 * * *',
    run: async () => {
      const done = await runHistoryMaintenance(asSystem(engine.orm.em, 'message history: partitions and retention'), new Date(engine.clock.now()), archiveDir);
      engine.logger.info(done, 'message history maintained');
    },
  };
}
