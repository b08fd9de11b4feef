import type { InboundMessage } from '../channels/channelTypes';
import type { StatusWriter } from '../delivery/createStatusWriter';
import type { EngineDependencies } from '../engine/engineDependencies';
import { createInboundQueue } from './createInboundQueue';
import { createInboundSpool } from './createInboundSpool';
import { openIntakePool } from './openIntakePool';
import { startInboundProcessor, type InboundProcessor } from './startInboundProcessor';
import { watchEventLoopLag } from './watchEventLoopLag';

export interface InboundIntakeOptions {
  deps: EngineDependencies;
  /** Folder of the spool files (SPOOL_DIR). */
  dir: string;
  /** Longest wait for the database before a webhook is spooled, milliseconds (SPOOL_TIMEOUT_MS). */
  timeoutMs?: number;
  /** After a queued message's step committed: wake the dispatcher, and the media fetcher for media. */
  afterStep: (message: InboundMessage) => void;
  /** After spooled entries were replayed (statuses among them): the dispatcher's `wake`. */
  onReplayed?: () => void;
  /** Senders run at once in this process (INBOUND_CONCURRENCY). */
  concurrency?: number;
  /** Poll for other instances' leftovers, milliseconds. */
  pollMs?: number;
  /** Writes provider statuses in batches (`createStatusWriter`). */
  statusWriter?: Pick<StatusWriter, 'write'>;
  /** A real server's URL: the queue's INSERTs and the processor's claims get connections of their own (`openIntakePool`). */
  databaseUrl?: string;
}

/**
 * The way in for verified webhooks: the inbound queue (one statement per batch of webhooks), the
 * spool for while the database is down (replayed into the queue, behind what was queued before),
 * and the processor running each queued message's step right behind, woken when rows are queued.
 */
export function startInboundIntake(options: InboundIntakeOptions) {
  const { deps } = options;
  let processor: InboundProcessor | undefined;
  const pool = options.databaseUrl ? openIntakePool(options.databaseUrl) : undefined;
  const queue = createInboundQueue({ deps, onQueued: () => processor?.wake(), pool });
  const spool = createInboundSpool({ deps, dir: options.dir, timeoutMs: options.timeoutMs, queue, onReplayed: options.onReplayed, statusWriter: options.statusWriter });
  // Acknowledging comes first: while the loop runs late, the steps behind it go one at a time.
  const lag = watchEventLoopLag();
  processor = startInboundProcessor({ deps, setAside: spool.setAside, afterStep: options.afterStep, concurrency: options.concurrency, pollMs: options.pollMs, pool, loopLag: lag.lagMs });
  return {
    spool,
    processor,
    /** Closes the intake's own connections (after the processor stopped). */
    close: async () => {
      lag.stop();
      await pool?.end();
    },
  };
}

export type InboundIntake = ReturnType<typeof startInboundIntake>;
