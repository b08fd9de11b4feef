import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { InboundMessage, StatusUpdate } from '../channels/channelTypes';
import { probeDatabase } from '../db/probeDatabase';
import { stripUnstorableValues } from '../text/stripUnstorableValues';
import { forOrganization } from '../db/tenancy/scopes';
import type { EngineDependencies } from '../engine/engineDependencies';
import type { ChannelRef } from '../engine/engineRows';
import { handleInbound, type InboundOutcome } from '../engine/handleInbound';
import { appendJsonLine } from '../files/appendJsonLine';
import { applyStatusUpdate } from '../delivery/applyStatusUpdate';
import type { StatusWriter } from '../delivery/createStatusWriter';
import { classifyDatabaseFailure, type DatabaseFailure } from './classifyDatabaseFailure';
import type { InboundQueue } from './createInboundQueue';
import { DatabaseTimeout, withDatabaseTimeout } from './withDatabaseTimeout';
import { readSpoolLine, type SpoolEntry } from './readSpoolLine';

/**
 * What became of a verified webhook message: processed now, kept on disk for later, set aside
 * because it can never be stored (answer 200: a retry cannot help), or none of these (answer 503).
 */
export type SpoolOutcome =
  | { kind: 'processed'; outcome: InboundOutcome }
  | { kind: 'queued'; duplicate: boolean }
  | { kind: 'spooled' }
  | { kind: 'dead_lettered'; reason: string; code?: string }
  | { kind: 'unavailable'; reason: string };

/** The spool's state for `/readyz`: entries waiting, and how long the oldest has waited. */
export interface SpoolHealth {
  pending: number;
  oldestAgeMs?: number;
}

export interface InboundSpoolOptions {
  deps: EngineDependencies;
  /** Folder of the spool files, e.g. `${DATA_DIR}/inbound-spool`. */
  dir: string;
  /** Longest wait for the database before it is probed (and the message spooled if it is down), milliseconds. Default 5000 (providers give up within about 15 s). */
  timeoutMs?: number;
  /** Attempts of an entry that fails for its own reason before it goes to the dead-letter file. Default 3. */
  maxAttempts?: number;
  /** Called after spooled entries were replayed (they may have queued replies): the dispatcher's `wake`. */
  onReplayed?: () => void;
  /**
   * The inbound queue, when a processor runs the steps: `queueOrSpool` hands messages to it, and
   * replayed messages go into it too, behind what was queued before the outage, instead of being
   * processed by the replay.
   */
  queue?: Pick<InboundQueue, 'enqueue'>;
  /** Writes provider statuses in batches (`createStatusWriter`); without it each is applied in its own statement. */
  statusWriter?: Pick<StatusWriter, 'write'>;
}

/** The dead-letter file beside the spool: one JSON line per entry set aside, with its error (not counted as pending). */
export const deadLetterFile = 'dead-letter.jsonl.failed';

type Attempted<T> = { ok: true; value: T } | { ok: false; failure: DatabaseFailure; error: unknown; attempts: number };

function describe(error: unknown): { code?: string; reason: string } {
  const code = error && typeof error === 'object' && typeof (error as { code?: unknown }).code === 'string' ? (error as { code: string }).code : undefined;
  return { code, reason: error instanceof Error ? error.message : String(error) };
}

/**
 * A local, append-only spool for inbound webhooks while the database is unreachable. Messages
 * are queued (`queueOrSpool`, given the queue) or processed (`receiveOrSpool`) at once when
 * possible; when the database is down (or the spool still holds
 * older entries, to keep each worker's order) they are appended to `DATA_DIR`'s spool and
 * flushed, then replayed in order, through the same deduplication, by `replay()`, each at the
 * time it was received. An entry refused for its own reason (not an outage) is retried up to
 * `maxAttempts` times, then set aside in the dead-letter file with its error: it never blocks
 * the entries behind it.
 */
export function createInboundSpool(options: InboundSpoolOptions) {
  const { deps, dir } = options;
  const timeoutMs = options.timeoutMs ?? 5_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const probeTimeoutMs = Math.min(timeoutMs, 3_000);
  const activeFile = join(dir, 'spool.jsonl');
  let queued = 0; // entries on disk not yet replayed (since this process started, plus any found at start)
  let oldestSpooledAt: number | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  let replaying: Promise<number> | undefined;

  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const next = chain.then(work, work);
    chain = next.catch(() => undefined);
    return next;
  };

  const withTimeout = <T>(work: Promise<T>): Promise<T> => withDatabaseTimeout(work, timeoutMs);

  /** Runs one entry's work, retrying its own failures up to `maxAttempts`; a slow but reachable database is waited for. */
  async function attempt<T>(work: () => Promise<T>): Promise<Attempted<T>> {
    for (let attempts = 1; ; attempts++) {
      const running = work();
      let failure: DatabaseFailure;
      let error: unknown;
      try {
        return { ok: true, value: await withTimeout(running) };
      } catch (caught) {
        error = caught;
        // Slow is not down: spool only when the database does not answer a probe either; else wait for the work.
        if (caught instanceof DatabaseTimeout && (await probeDatabase(deps.orm, probeTimeoutMs))) {
          try {
            return { ok: true, value: await running };
          } catch (late) {
            error = late;
          }
        }
        failure = error instanceof DatabaseTimeout ? 'unavailable' : await classifyDatabaseFailure(deps.orm, error, probeTimeoutMs);
      }
      if (failure !== 'own' || attempts >= maxAttempts) return { ok: false, failure, error, attempts };
    }
  }

  const deadLetter = async (line: string, error: unknown, attempts: number): Promise<void> => {
    const { code, reason } = describe(error);
    await appendJsonLine(join(dir, deadLetterFile), { line, code, error: reason, attempts, deadLetteredAt: deps.clock.now() });
    // The error text can carry the statement with its values: the log names the code only.
    deps.logger.error({ code, attempts, file: deadLetterFile }, 'inbound webhook refused for its own reason; set aside in the dead-letter file');
  };

  const spool = async (entry: SpoolEntry): Promise<SpoolOutcome> => {
    try {
      await serialized(() => appendJsonLine(activeFile, entry));
      if (queued++ === 0) oldestSpooledAt = entry.spooledAt;
      deps.logger.warn({ kind: entry.kind, channelId: entry.channel.id }, 'database unavailable: webhook spooled');
      return { kind: 'spooled' };
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      deps.logger.error({ reason }, 'database unavailable and the spool cannot be written');
      return { kind: 'unavailable', reason };
    }
  };

  const applyStatus = (channel: ChannelRef, status: StatusUpdate) =>
    options.statusWriter
      ? options.statusWriter.write({ organizationId: channel.organizationId, channelId: channel.id, update: stripUnstorableValues(status) })
      : applyStatusUpdate(forOrganization(deps.orm.em, channel.organizationId), channel.id, stripUnstorableValues(status));

  const queue = options.queue;
  const run = (entry: SpoolEntry): Promise<Attempted<unknown>> => {
    if (entry.kind === 'status') return attempt(() => applyStatus(entry.channel, entry.status));
    return queue
      ? attempt(() => queue.enqueue(entry.channel, entry.message, entry.spooledAt))
      : attempt(() => handleInbound(deps, entry.channel, entry.message, entry.spooledAt));
  };

  /** Processes an entry now: spooled on an outage, 503 when busy, dead-lettered when it can never succeed. */
  async function receive<T>(entry: SpoolEntry, work: Promise<Attempted<T>>): Promise<SpoolOutcome | { kind: 'done'; value: T }> {
    const result = await work;
    if (result.ok) return { kind: 'done', value: result.value };
    if (result.failure === 'unavailable') return spool(entry);
    const { code, reason } = describe(result.error);
    if (result.failure === 'busy') return { kind: 'unavailable', reason: `database busy: ${reason}` };
    try {
      await deadLetter(JSON.stringify(entry), result.error, result.attempts);
      return { kind: 'dead_lettered', reason, ...(code ? { code } : {}) };
    } catch (error) {
      return { kind: 'unavailable', reason: error instanceof Error ? error.message : String(error) };
    }
  }

  async function replayFile(file: string): Promise<number> {
    const lines = (await readFile(file, 'utf8')).split('\n').filter((line) => line.length > 0);
    let done = 0;
    try {
      for (const line of lines) {
        const read = readSpoolLine(line);
        const result: Attempted<unknown> = read.ok ? await run(read.entry) : { ok: false, failure: 'own', error: read.error, attempts: 1 };
        if (!result.ok) {
          if (result.failure !== 'own') throw result.error;
          await deadLetter(line, result.error, result.attempts);
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

  /** Spool files in replay order: frozen replay files, then the active one. */
  const spoolFiles = async () => {
    const names = await readdir(dir).catch(() => [] as string[]);
    return [...names.filter((name) => name.startsWith('replay-') && name.endsWith('.jsonl')).sort(), ...names.filter((name) => name === 'spool.jsonl')];
  };

  const readOldestSpooledAt = async (): Promise<number | undefined> => {
    for (const name of await spoolFiles()) {
      const first = (await readFile(join(dir, name), 'utf8').catch(() => '')).split('\n', 1)[0];
      if (!first) continue;
      const read = readSpoolLine(first);
      return read.ok ? read.entry.spooledAt : oldestSpooledAt;
    }
    return undefined;
  };

  async function replayAll(): Promise<number> {
    // Freeze the active file: new entries go to a fresh one, replayed after it.
    await serialized(async () => {
      try {
        await rename(activeFile, join(dir, `replay-${Date.now().toString().padStart(15, '0')}.jsonl`));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    });
    const files = (await spoolFiles()).filter((name) => name.startsWith('replay-'));
    let total = 0;
    try {
      for (const name of files) total += await replayFile(join(dir, name));
    } finally {
      if (total > 0) oldestSpooledAt = queued === 0 ? undefined : await serialized(readOldestSpooledAt);
    }
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
      const result = await receive(entry, attempt(() => handleInbound(deps, channel, message, entry.spooledAt)));
      return result.kind === 'done' ? { kind: 'processed', outcome: result.value } : result;
    },
    /**
     * Makes a verified inbound message durable in the queue (its step runs right behind, in the
     * processor), or spools it like `receiveOrSpool` while the database is down. Needs `queue`.
     */
    async queueOrSpool(channel: ChannelRef, message: InboundMessage): Promise<SpoolOutcome> {
      if (!queue) throw new Error('queueOrSpool needs the spool to be given the inbound queue');
      const entry: SpoolEntry = { kind: 'message', channel, message, spooledAt: deps.clock.now() };
      if (queued > 0 || replaying) return spool(entry);
      const result = await receive(entry, attempt(() => queue.enqueue(channel, message, entry.spooledAt)));
      return result.kind === 'done' ? { kind: 'queued', duplicate: result.value === 'duplicate' } : result;
    },
    /** Applies a provider status now, or spools it like a message. */
    async applyStatusOrSpool(channel: ChannelRef, status: StatusUpdate): Promise<SpoolOutcome | { kind: 'applied'; moved: boolean }> {
      const entry: SpoolEntry = { kind: 'status', channel, status, spooledAt: deps.clock.now() };
      if (queued > 0 || replaying) return spool(entry);
      const result = await receive(entry, attempt(() => applyStatus(channel, status)));
      return result.kind === 'done' ? { kind: 'applied', moved: result.value } : result;
    },
    /**
     * Replays every spooled entry in order through the pipeline; stops at the first outage,
     * keeping the rest. Returns how many were replayed or set aside. Call it periodically.
     */
    replay,
    /** Replays every `everyMs` milliseconds while entries are waiting (default 1000). */
    replayEvery(everyMs = 1_000): { stop(): void } {
      const timer = setInterval(() => {
        if (queued === 0) return;
        replay().catch((error: unknown) => {
          deps.logger.warn({ code: describe(error).code, pending: queued }, 'spool replay stopped; will retry');
        });
      }, everyMs);
      timer.unref();
      return { stop: () => clearInterval(timer) };
    },
    /** Sets an entry aside in the dead-letter file with its error (a queued message whose step failed for its own reason). */
    setAside(entry: object, error: unknown, attempts: number): Promise<void> {
      return deadLetter(JSON.stringify(entry), error, attempts);
    },
    /** Entries waiting on disk (from this process's count). */
    pending(): number {
      return queued;
    },
    /** Entries waiting and the age of the oldest, for `/readyz`. */
    health(): SpoolHealth {
      return { pending: queued, ...(queued > 0 && oldestSpooledAt !== undefined ? { oldestAgeMs: deps.clock.now() - oldestSpooledAt } : {}) };
    },
    /** Counts entries left by an earlier process, so new webhooks queue behind them until replayed. */
    async recover(): Promise<number> {
      let found = 0;
      for (const name of await spoolFiles()) {
        found += (await readFile(join(dir, name), 'utf8')).split('\n').filter((l) => l.length > 0).length;
      }
      queued = found;
      oldestSpooledAt = found > 0 ? await readOldestSpooledAt() : undefined;
      return found;
    },
  };
}

export type InboundSpool = ReturnType<typeof createInboundSpool>;
