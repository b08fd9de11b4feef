import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { HotPath } from '../hotPath/openHotPath';
import { createBatchWriter } from './createBatchWriter';
import { systemStatementsOf } from './systemStatements';
import { startCrossedStatusSweep } from './crossedStatusSweep';
import { writeStatusBatchOf, type ChannelStatus } from './writeStatusUpdates';

export interface StatusWriter {
  /** Resolves once the status is written (with whether its message moved); rejects when it could not be (the caller spools it). */
  write(status: ChannelStatus): Promise<boolean>;
  /** Writes what is waiting and stops the crossed-status sweep. */
  close(): Promise<void>;
}

export interface StatusWriterOptions {
  orm: MikroORM;
  /** Writes through the hot path's prepared statements when given, else through the ORM. */
  hot?: HotPath;
  logger: Logger;
  /** How long the first status of a batch waits for others, milliseconds. Default 2. */
  everyMs?: number;
  /** After statuses were kept for unknown ids, when to look whether their send was recorded meanwhile, milliseconds. Default 1000. */
  sweepAfterMs?: number;
}

/**
 * Provider statuses written in batches (courier's status writer is the model): every status
 * waiting is written by one statement every few milliseconds, and each webhook is acknowledged
 * once its own status is written (group commit). A status kept for a provider id not recorded yet
 * is applied when the send is recorded; when the two crossed (both in flight at once), a sweep a
 * second later applies it (`startCrossedStatusSweep`).
 */
export function createStatusWriter(options: StatusWriterOptions): StatusWriter {
  const run = systemStatementsOf(options.orm, options.hot);
  const sweep = startCrossedStatusSweep({ run, logger: options.logger, afterMs: options.sweepAfterMs });
  const batches = createBatchWriter<ChannelStatus, boolean>({
    everyMs: options.everyMs,
    write: async (statuses) => {
      const written = await writeStatusBatchOf(run, statuses);
      if (written.waiting.length > 0) sweep.keep(written.waiting);
      return written.moved;
    },
  });
  return {
    write: (status) => batches.submit(status),
    async close() {
      await batches.flush();
      sweep.stop();
    },
  };
}
