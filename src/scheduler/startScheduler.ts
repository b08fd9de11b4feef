import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import cron, { type ScheduledTask } from 'node-cron';
import type { EngineDependencies } from '../engine/engineDependencies';
import { cleanUpDeliveryState } from './cleanUpDeliveryState';
import { createPostgresRunCoordinator } from './createPostgresRunCoordinator';
import { fireDueTimers } from '../engine/fireDueTimers';

/** A job that must run once per cluster at each of its cron times (segment refresh, scheduled broadcasts, cleanup). */
export interface ClusterJob {
  /** Unique name: with the run time it is the coordination key. */
  name: string;
  /** node-cron expression, e.g. `0 * * * *` (hourly), six fields for seconds. */
  cron: string;
  /** IANA timezone of the expression. Default UTC. */
  timezone?: string;
  run(): Promise<void>;
}

export interface SchedulerOptions extends EngineDependencies {
  /** Called after a tick fired timers (they may have queued messages): the dispatcher's `wake`. */
  onTimersFired?: () => void;
  /** node-cron expression of the timer tick. Default every second: `* * * * * *`. */
  timerTickCron?: string;
  /** Timers fired per database round in one tick. Default 500. */
  timerBatch?: number;
  /** Once-per-cluster jobs, besides the built-in hourly cleanup. */
  jobs?: ClusterJob[];
  /** Names this instance in `cron_runs`. Default `<hostname>:<pid>:<random>`. */
  instanceId?: string;
}

export interface RunningScheduler {
  /** Fires due timers now (also done on start: timers that came due while the engine was down). */
  tick(): Promise<number>;
  /** Stops the cron tasks and waits for a tick in progress. */
  stop(): Promise<void>;
}

/**
 * Starts durable time: a node-cron tick that fires due timers (every instance ticks; timers are
 * claimed in batches with SKIP LOCKED, so each fires once), one tick at once on start, and once-per-cluster
 * jobs coordinated through PostgreSQL (`cron_runs`).
 */
export function startScheduler(options: SchedulerOptions): RunningScheduler {
  const instanceId = options.instanceId ?? `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const coordinator = createPostgresRunCoordinator(options.orm, instanceId);
  let ticking: Promise<number> | undefined;
  let stopped = false;

  const drain = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const result = await fireDueTimers(options, options.timerBatch ?? 500);
      total += result.fired;
      if (result.fired > 0) options.onTimersFired?.();
      // A full batch means more may be due; failed and busy timers are out of the next claim, so this ends.
      if (result.claimed < (options.timerBatch ?? 500) || stopped) return total;
    }
  };
  const tick = (): Promise<number> => {
    ticking ??= drain()
      .catch((error: unknown) => {
        options.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'timer tick failed');
        return 0;
      })
      .finally(() => {
        ticking = undefined;
      });
    return ticking;
  };

  const jobs: ClusterJob[] = [
    {
      name: 'delivery-cleanup',
      cron: '17 * * * *',
      run: async () => {
        const removed = await cleanUpDeliveryState(options.orm);
        options.logger.info(removed, 'delivery bookkeeping cleaned up');
      },
    },
    ...(options.jobs ?? []),
  ];
  const tasks: ScheduledTask[] = [
    cron.schedule(options.timerTickCron ?? '* * * * * *', () => tick(), { name: 'timer-tick', noOverlap: true }),
    ...jobs.map((job) =>
      cron.schedule(job.cron, () => job.run(), {
        name: job.name,
        timezone: job.timezone ?? 'UTC',
        noOverlap: true,
        distributed: true,
        runCoordinator: coordinator,
      }),
    ),
  ];
  void tick();

  return {
    tick,
    async stop() {
      stopped = true;
      await Promise.all(tasks.map((task) => task.destroy()));
      await ticking;
    },
  };
}
