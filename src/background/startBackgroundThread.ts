import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { createOutboxNotifier } from '../delivery/createOutboxNotifier';
import { threadEntry } from '../files/threadEntry';
import type { HotPath } from '../hotPath/openHotPath';
import type { BackgroundWork, BaileysBatch } from './startBackgroundWork';

/** What the main thread tells the background thread. */
export type ToBackground =
  | { kind: 'wake'; what: 'dispatcher' }
  /** The intake queued rows; its INSERT took `insertMs`. */
  | { kind: 'wake'; what: 'processor'; insertMs: number }
  | { kind: 'delivered'; id: number; error?: string }
  | { kind: 'stop' };

/** What the background thread tells the main thread. */
export type FromBackground = { kind: 'ready' } | { kind: 'deliver'; id: number; channelId: string; batch: BaileysBatch };

export interface BackgroundThreadOptions {
  /** The engine's settings, read again by the thread. */
  env: NodeJS.ProcessEnv;
  logger: Logger;
  /** This thread's hot path: NOTIFYs the outbox after this thread's commits (API, console). */
  hot: HotPath;
  /** Hands a Baileys channel's inbound batch to the intake (the thread's Baileys channels receive it, the main thread queues it). */
  deliverBaileys: (channelId: string, batch: BaileysBatch) => Promise<void>;
  /** The thread ended without being asked to (an uncaught error): nothing runs queued messages any more. */
  onFailure: (error: Error) => void;
}

export interface BackgroundThread extends Pick<BackgroundWork, 'notifyOutboxChanged'> {
  /** The intake queued rows, its INSERT taking `insertMs`: the thread's steps step aside while that is slow. */
  wakeProcessor(insertMs: number): void;
  /** Resolves once the background work runs; rejects when the thread could not start it. */
  ready: Promise<void>;
  /** Asks the thread to stop its work and close its connections, waits for it to end, then sends a NOTIFY still owed. */
  stop(): Promise<void>;
}

/**
 * Runs `startBackgroundWork` in a worker thread (`backgroundThread.ts`: from the sources loaded through
 * tsx by `loadBackgroundThread.mjs`, since a worker gets no TypeScript loader from its parent; from
 * the build its own bundle, `threadEntry`), so the
 * steps, sends and jobs never hold up the main thread's event loop, where webhooks are answered.
 * Wakes cross as messages; the thread's own polls and LISTENs remain the safety net.
 */
export function startBackgroundThread(options: BackgroundThreadOptions): BackgroundThread {
  // A small young generation: the thread is a second V8 heap in the process, and by default each grows
  // its nursery to 48 MB under load (8 MB saved 34 MB of resident memory at rest, more under load).
  const worker = new Worker(threadEntry(import.meta.url, './loadBackgroundThread.mjs', 'backgroundThread'), {
    workerData: { env: { ...options.env } },
    // Only a CPU profile's flags (BENCH_CPU_PROFILE_DIR), so a profiled engine profiles this thread too,
    // and source maps (the build's stack traces name the sources).
    execArgv: process.execArgv.filter((flag) => flag.startsWith('--cpu-prof') || flag === '--enable-source-maps'),
    resourceLimits: { maxYoungGenerationSizeMb: 8 },
  });
  // A process with a stray thread must still end once its server closed (stop() waits for the thread itself).
  worker.unref();
  const post = (message: ToBackground) => worker.postMessage(message);
  // The thread's dispatcher hears of this thread's commits at once by a message, the other instances' by the NOTIFY.
  const outboxNotifier = createOutboxNotifier({ hot: options.hot, sender: randomUUID(), wakeLocal: () => post({ kind: 'wake', what: 'dispatcher' }), logger: options.logger });
  let started = false;
  let stopping = false;
  let failure: Error | undefined;
  let settleReady: { resolve: () => void; reject: (error: Error) => void } | undefined;
  const ready = new Promise<void>((resolve, reject) => {
    settleReady = { resolve, reject };
  });
  // Awaited later (the engine starts the rest meanwhile): a start that failed first is no unhandled rejection.
  ready.catch(() => undefined);
  const exited = new Promise<number>((resolve) => worker.once('exit', resolve));

  worker.on('message', (message: FromBackground) => {
    if (message.kind === 'ready') {
      started = true;
      settleReady?.resolve();
      return;
    }
    options.deliverBaileys(message.channelId, message.batch).then(
      () => post({ kind: 'delivered', id: message.id }),
      (error: unknown) => post({ kind: 'delivered', id: message.id, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  worker.on('error', (error) => {
    failure = error;
    options.logger.error({ err: error }, 'the background thread failed');
  });
  worker.on('exit', (code) => {
    if (stopping && code === 0) return;
    const error = failure ?? new Error(`the background thread exited with code ${code}`);
    if (!started) settleReady?.reject(error);
    else if (!stopping) options.onFailure(error);
  });

  return {
    ready,
    wakeProcessor: (insertMs) => post({ kind: 'wake', what: 'processor', insertMs }),
    notifyOutboxChanged: outboxNotifier.notifyOutboxChanged,
    async stop() {
      stopping = true;
      post({ kind: 'stop' });
      const code = await exited;
      await outboxNotifier.close();
      if (code !== 0) throw failure ?? new Error(`the background thread stopped with code ${code}`);
    },
  };
}
