import type { StatusWriter } from '../delivery/createStatusWriter';
import type { EngineDependencies } from '../engine/engineDependencies';
import { createInboundQueue } from './createInboundQueue';
import { createInboundSpool } from './createInboundSpool';
import { openIntakePool } from './openIntakePool';

export interface InboundIntakeOptions {
  deps: EngineDependencies;
  /** Folder of the spool files (SPOOL_DIR). */
  dir: string;
  /** Longest wait for the database before a webhook is spooled, milliseconds (SPOOL_TIMEOUT_MS). */
  timeoutMs?: number;
  /** After messages were queued: the inbound processor's `wake` (in this thread or the background one). */
  onQueued: (insertMs: number) => void;
  /** After spooled entries were replayed (statuses among them): the dispatcher's `wake`. */
  onReplayed?: () => void;
  /** Writes provider statuses in batches (`createStatusWriter`). */
  statusWriter?: Pick<StatusWriter, 'write'>;
  /** A real server's URL: the queue's INSERTs get connections of their own (`openIntakePool`). */
  databaseUrl?: string;
}

/**
 * The way in for verified webhooks: the inbound queue (one statement per batch of webhooks) and
 * the spool for while the database is down (replayed into the queue, behind what was queued
 * before). The inbound processor (`startInboundProcessor`, started with the background work) runs
 * each queued message's step right behind, woken by `onQueued`.
 */
export function startInboundIntake(options: InboundIntakeOptions) {
  const { deps } = options;
  const pool = options.databaseUrl ? openIntakePool(options.databaseUrl) : undefined;
  const queue = createInboundQueue({ deps, onQueued: options.onQueued, pool });
  const spool = createInboundSpool({ deps, dir: options.dir, timeoutMs: options.timeoutMs, queue, onReplayed: options.onReplayed, statusWriter: options.statusWriter });
  return {
    spool,
    /** The intake's own connections on a real server (the processor in this thread claims there too). */
    pool,
    /** Closes the intake's own connections (after the processor stopped). */
    close: async () => {
      await pool?.end();
    },
  };
}

export type InboundIntake = ReturnType<typeof startInboundIntake>;
