import type { Logger } from 'pino';
import type { RunSystemStatement } from './systemStatements';
import { applyCrossedStatuses, applyEveryCrossedStatus, type ChannelStatus } from './writeStatusUpdates';

export interface CrossedStatusSweep {
  /** Statuses just kept for provider ids no message carried: the next sweep looks at them. */
  keep(statuses: ChannelStatus[]): void;
  stop(): void;
}

export interface CrossedStatusSweepOptions {
  run: RunSystemStatement;
  logger: Logger;
  /** How long after a status was kept the sweep runs, milliseconds. Default 1000. */
  afterMs?: number;
  /** How often a sweep looks at every kept status, milliseconds. Default 10 minutes (the purge deletes kept statuses after an hour). */
  everyStatusEveryMs?: number;
}

/**
 * Applies kept statuses whose send was recorded meanwhile (the two crossed). A sweep looks only at
 * the statuses kept since the last one, except the first one after start-up and one every
 * `everyStatusEveryMs`: those look at every kept status, so that what a process kept and never
 * swept (killed, or stopped for good) is applied before the purge deletes it. A failed sweep puts
 * back what it took, and the next one, a moment later, retries it. One statement per sweep.
 */
export function startCrossedStatusSweep(options: CrossedStatusSweepOptions): CrossedStatusSweep {
  const afterMs = options.afterMs ?? 1_000;
  let everyStatus = true;
  let kept: ChannelStatus[] = [];
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const sweep = async () => {
    timer = undefined;
    const [swept, sweptEveryStatus] = [kept, everyStatus];
    [kept, everyStatus] = [[], false];
    try {
      await (sweptEveryStatus ? applyEveryCrossedStatus(options.run) : applyCrossedStatuses(options.run, swept));
    } catch (error) {
      kept = [...swept, ...kept];
      everyStatus ||= sweptEveryStatus;
      options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'applying kept provider statuses failed; the next sweep retries them');
      schedule();
    }
  };
  const schedule = () => {
    if (timer || stopped) return;
    timer = setTimeout(() => void sweep(), afterMs);
    timer.unref();
  };
  const everyStatusTimer = setInterval(() => {
    everyStatus = true;
    schedule();
  }, options.everyStatusEveryMs ?? 600_000);
  everyStatusTimer.unref();
  schedule();
  return {
    keep(statuses) {
      kept.push(...statuses);
      schedule();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(everyStatusTimer);
    },
  };
}
