import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InboundMessage, StatusUpdate } from '../channels/channelTypes';
import { forOrganization } from '../db/tenancy/scopes';
import type { EngineDependencies } from '../engine/engineDependencies';
import type { ChannelRef } from '../engine/engineRows';
import { handleInbound, type InboundOutcome } from '../engine/handleInbound';
import { appendToSpool } from './appendToSpool';
import { applyStatusUpdate } from '../delivery/applyStatusUpdate';
import { isDatabaseUnavailable } from '../db/isDatabaseUnavailable';

type SpoolEntry =
  | { kind: 'message'; channel: ChannelRef; message: InboundMessage; spooledAt: number }
  | { kind: 'status'; channel: ChannelRef; status: StatusUpdate; spooledAt: number };

/** What became of a verified webhook message: processed now, kept on disk for later, or neither (answer 503). */
export type SpoolOutcome =
  | { kind: 'processed'; outcome: InboundOutcome }
  | { kind: 'spooled' }
  | { kind: 'unavailable'; reason: string };

export interface InboundSpoolOptions {
  deps: EngineDependencies;
  /** Folder of the spool files, e.g. `${DATA_DIR}/inbound-spool`. */
  dir: string;
  /** Longest wait for the database before a message is spooled instead, milliseconds. Default 5000 (providers give up within about 15 s). */
  timeoutMs?: number;
  /** Called after spooled entries were replayed (they may have queued replies): the dispatcher's `wake`. */
  onReplayed?: () => void;
}

class DatabaseTimeout extends Error {
  readonly code = '08000';
}

/**
 * A local, append-only spool for inbound webhooks while the database is unreachable. Messages
 * are processed at once when possible; when the database is down (or the spool still holds
 * older entries, to keep each worker's order) they are appended to `DATA_DIR`'s spool and
 * flushed, then replayed in order, through the same deduplication, by `replay()`.
 */
export function createInboundSpool(options: InboundSpoolOptions) {
  const { deps, dir } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const activeFile = join(dir, 'spool.jsonl');
  let queued = 0; // entries on disk not yet replayed (since this process started, plus any found at start)
  let chain: Promise<unknown> = Promise.resolve();
  let replaying: Promise<number> | undefined;

  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };

  const withTimeout = async <T>(work: Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DatabaseTimeout(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      return await Promise.race([work, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  const spool = async (entry: SpoolEntry): Promise<SpoolOutcome> => {
    try {
      await serialized(() => appendToSpool(activeFile, entry));
      queued++;
      deps.logger.warn({ kind: entry.kind, channelId: entry.channel.id }, 'database unavailable: webhook spooled');
      return { kind: 'spooled' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      deps.logger.error({ reason }, 'database unavailable and the spool cannot be written');
      return { kind: 'unavailable', reason };
    }
  };

  const applyStatus = (channel: ChannelRef, status: StatusUpdate) =>
    applyStatusUpdate(forOrganization(deps.orm.em, channel.organizationId), channel.id, status);

  async function replayFile(file: string): Promise<number> {
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.length > 0);
    let done = 0;
    try {
      for (const line of lines) {
        try {
          const entry = JSON.parse(line) as SpoolEntry;
          if (entry.kind === 'message') await withTimeout(handleInbound(deps, entry.channel, entry.message));
          else await withTimeout(applyStatus(entry.channel, entry.status));
        } catch (error) {
          if (isDatabaseUnavailable(error)) throw error;
          // Not an outage: this entry would fail forever. Set it aside so the rest can go on.
          await appendToSpool(join(dir, 'dead-letter.jsonl.failed'), { line, error: error instanceof Error ? error.message : String(error) });
          deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'spooled webhook failed; set aside in dead-letter.jsonl.failed');
        }
        done++;
      }
    } finally {
      // Keep what is left, in order, for the next replay (a crash here replays done lines again: deduplicated).
      if (done === lines.length) await rm(file);
      else if (done > 0) await writeFile(file, lines.slice(done).map((l) => `${l}\n`).join(''));
      queued = Math.max(0, queued - done);
    }
    return done;
  }

  async function replayAll(): Promise<number> {
    // Freeze the active file: new entries go to a fresh one, replayed after it.
    await serialized(async () => {
      try {
        await rename(activeFile, join(dir, `replay-${Date.now().toString().padStart(15, '0')}.jsonl`));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    });
    const files = (await readdir(dir).catch(() => [] as string[])).filter((name) => name.startsWith('replay-')).sort();
    let total = 0;
    for (const name of files) total += await replayFile(join(dir, name));
    if (total > 0) {
      deps.logger.info({ replayed: total }, 'spooled webhooks replayed');
      options.onReplayed?.();
    }
    return total;
  }

  const replay = (): Promise<number> => {
    replaying ??= replayAll().finally(() => {
      replaying = undefined;
    });
    return replaying;
  };

  return {
    /** Processes a verified inbound message now, or spools it. Answer 503 only on `unavailable`. */
    async receiveOrSpool(channel: ChannelRef, message: InboundMessage): Promise<SpoolOutcome> {
      const entry: SpoolEntry = { kind: 'message', channel, message, spooledAt: deps.clock.now() };
      if (queued > 0 || replaying) return spool(entry);
      try {
        return { kind: 'processed', outcome: await withTimeout(handleInbound(deps, channel, message)) };
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        return spool(entry);
      }
    },
    /** Applies a provider status now, or spools it like a message. */
    async applyStatusOrSpool(channel: ChannelRef, status: StatusUpdate): Promise<SpoolOutcome | { kind: 'applied'; moved: boolean }> {
      const entry: SpoolEntry = { kind: 'status', channel, status, spooledAt: deps.clock.now() };
      if (queued > 0 || replaying) return spool(entry);
      try {
        return { kind: 'applied', moved: await withTimeout(applyStatus(channel, status)) };
      } catch (error) {
        if (!isDatabaseUnavailable(error)) throw error;
        return spool(entry);
      }
    },
    /**
     * Replays every spooled entry in order through the pipeline; stops at the first database
     * failure, keeping the rest. Returns how many were replayed. Call it periodically.
     */
    replay,
    /** Replays every `everyMs` milliseconds while entries are waiting (default 1000). */
    replayEvery(everyMs = 1_000): { stop(): void } {
      const timer = setInterval(() => {
        if (queued === 0) return;
        replay().catch((error: unknown) => {
          deps.logger.warn({ err: error instanceof Error ? error.message : String(error), pending: queued }, 'spool replay stopped; will retry');
        });
      }, everyMs);
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
    /** Entries waiting on disk (from this process's count). */
    pending(): number {
      return queued;
    },
    /** Counts entries left by an earlier process, so new webhooks queue behind them until replayed. */
    async recover(): Promise<number> {
      const names = await readdir(dir).catch(() => [] as string[]);
      let found = 0;
      for (const name of names.filter((n) => n.endsWith('.jsonl'))) {
        found += (await readFile(join(dir, name), 'utf8')).split('\n').filter((l) => l.length > 0).length;
      }
      queued = found;
      return found;
    },
  };
}

export type InboundSpool = ReturnType<typeof createInboundSpool>;
