import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from 'pino';
import type { ChannelRegistry } from '../channels/channelRegistry';
import type { HotPath } from '../hotPath/openHotPath';
import type { Clock } from '../time/clock';
import { defaultDeliveryPolicy, type DeliveryPolicy } from './deliveryPolicy';
import { isDatabaseUnavailable } from '../db/isDatabaseUnavailable';
import { listenForNotifications } from '../db/listenForNotifications';
import { claimNextSend, type ClaimedSend } from './claimNextSend';
import type { HealthChange } from '../channels/trackChannelHealth';
import { createBatchWriter } from './createBatchWriter';
import { recordSend, releaseClaim, sendClaim, type DispatchDependencies } from './dispatchOnce';
import { recordSendResults, type SendRecord } from './recordSendResult';
import { createOutboxFloors } from './outboxFloors';
import { recoverStaleSends } from './recoverStaleSends';

export interface DispatcherOptions {
  orm: MikroORM;
  /** The hot path of the same database: claims and send results go through its prepared statements. */
  hot?: HotPath;
  /** Where to LISTEN for the outbox: the server itself, never a transaction-mode pooler; default the ORM's URL. */
  listenUrl?: string;
  /**
   * The payload of the NOTIFYs issued next to this dispatcher's `wake()` (`createOutboxNotifier`'s
   * `sender`): hearing one of those is not a wake (it already was one), so a step's replies cost
   * one claim, not a second one that finds them gone.
   */
  notifySender?: string;
  clock: Clock;
  logger: Logger;
  registry: Pick<ChannelRegistry, 'current'>;
  /** Overrides of the retry, lease and batching policy. */
  policy?: Partial<DeliveryPolicy>;
  /**
   * Sends in flight at once in this process: enough to cover the channels' rates times the
   * providers' answer time. Default 32.
   */
  concurrency?: number;
  /** Loops claiming messages at once in this process. Default 4. */
  claimers?: number;
  /** Fallback poll when no notification arrives, milliseconds. Default 5000. */
  pollMs?: number;
  /**
   * After a claim during which wakes came (more replies queued meanwhile), how long the loop
   * gathers before it claims again, milliseconds. Under a surge claims then take several steps'
   * replies each instead of one or two: a claim costs PostgreSQL about half a millisecond however
   * few rows it takes (the bench: 0.5 → 0.3 claims per inbound message, no slower replies). A claim
   * after an idle sleep goes at once. Default 4.
   */
  claimGatherMs?: number;
  /** How often rows left `sending` by a dead instance are looked for, milliseconds. Default 30000. */
  recoveryEveryMs?: number;
}

export interface RunningDispatcher {
  /** Look at the outbox now (after queuing in this process). */
  wake(): void;
  /** Stops claiming, lets sends in flight finish and be recorded, closes the listener. */
  stop(): Promise<void>;
}

/**
 * Runs the outbox dispatcher: `claimers` loops claim due messages and hand each to a send in
 * flight (at most `concurrency` at once), so a slow provider answer never holds up claiming. A
 * loop with nothing due sleeps until woken (NOTIFY on real PostgreSQL, `wake()` in-process), until
 * the next rate slot or retry is due, or until the poll interval passes. Crashed instances' sends
 * are recovered at start and periodically.
 */
export function startDispatcher(options: DispatcherOptions): RunningDispatcher {
  const policy: DeliveryPolicy = { ...defaultDeliveryPolicy, ...options.policy };
  // Where each channel's queued rows start (outboxFloors.ts); rows put back below them (a retry,
  // a release, a paused channel, a recovery) are for the next full scan.
  const floors = createOutboxFloors();
  // Results of every send in flight are written together, one statement per kind, every few
  // milliseconds. A message queued while sends were in flight may have been left by its claim
  // behind one of them (a worker's next reply waits until the one before it is no longer
  // `sending`): after each write of their results, until none is in flight, the loops look again.
  const results = createBatchWriter<SendRecord, HealthChange | undefined>({
    write: async (records) => {
      const written = await recordSendResults(options.orm, records, options.hot);
      if (records.some((record) => record.outcome.kind !== 'sent' && record.outcome.kind !== 'failed')) floors.doubt();
      if (wokenWhileSending) rouse();
      return written;
    },
  });
  const deps: DispatchDependencies = { orm: options.orm, hot: options.hot, clock: options.clock, logger: options.logger, registry: options.registry, policy, record: results.submit };
  const concurrency = options.concurrency ?? 32;
  const claimers = options.claimers ?? 4;
  const pollMs = options.pollMs ?? 5_000;
  const claimGatherMs = options.claimGatherMs ?? 4;
  const recoveryEveryMs = options.recoveryEveryMs ?? 30_000;
  let running = true;
  let sleepers: Array<() => void> = [];
  let lastRecovery = Number.NEGATIVE_INFINITY;
  // Counts wakes, so one that comes while a loop is busy is not lost before it sleeps.
  let generation = 0;

  // Loops in a claim right now: a wake meanwhile is theirs (they claim again once done), so a burst
  // of wakes makes a few claims of many rows, not one claim per wake (four statements even empty).
  let claiming = 0;
  const inFlight = new Set<Promise<void>>();
  let wokenWhileSending = false;
  const rouse = () => {
    generation++;
    if (claiming === 0) sleepers.shift()?.();
  };
  const wake = () => {
    if (inFlight.size > 0) wokenWhileSending = true;
    rouse();
  };
  // A claim that read from floors is followed by a full scan within their period, even with nothing
  // else to wake for: one timer for the dispatcher rouses one loop for it. (When every loop slept
  // until it, the others' claims right after the full scan read from floors again and asked for the
  // next: an idle dispatcher claimed four times a second for good.)
  let fullScanTimer: NodeJS.Timeout | undefined;
  const scheduleFullScan = () => {
    const dueInMs = floors.fullScanDueInMs();
    if (dueInMs === undefined || fullScanTimer) return;
    // Rounded up: a timer fires on whole milliseconds, and one a fraction early claims from the floors once more.
    fullScanTimer = setTimeout(() => {
      fullScanTimer = undefined;
      rouse();
    }, Math.ceil(dueInMs) + 1);
  };
  const wakeAll = () => {
    generation++;
    const waiting = sleepers;
    sleepers = [];
    for (const resolve of waiting) resolve();
  };
  /** Sleeps up to `ms`, unless woken, stopped, or woken since `seen` (a wake that came while busy). */
  const sleep = (ms: number, seen = generation) =>
    new Promise<void>((resolve) => {
      if (!running || generation !== seen) {
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        sleepers = sleepers.filter((s) => s !== done);
        resolve();
      }, Math.max(0, ms));
      const done = () => {
        clearTimeout(timer);
        resolve();
      };
      sleepers.push(done);
    });

  let stoppers: Array<() => void> = [];
  /** Sleeps `ms` whatever wakes come; `stop()` ends it. */
  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (!running) {
        resolve();
        return;
      }
      const done = () => {
        clearTimeout(timer);
        stoppers = stoppers.filter((s) => s !== done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      stoppers.push(done);
    });

  const recoverIfDue = async () => {
    const now = options.clock.now();
    if (now - lastRecovery < recoveryEveryMs) return;
    lastRecovery = now;
    const recovered = await recoverStaleSends(options.orm, now, policy.sendLeaseMs);
    if (recovered.requeued.length + recovered.failed.length > 0) {
      floors.doubt();
      options.logger.warn(recovered, 'recovered sends interrupted by a crash');
    }
  };

  // Per worker (or recipient), whether its chain may go on: resolved once the provider answered its last send.
  const chains = new Map<string, Promise<boolean>>();
  const deliver = (claimed: ClaimedSend) => {
    const key = claimed.row.worker_id ?? `${claimed.row.channel_id}/${claimed.message.to}`;
    const previous = chains.get(key) ?? Promise.resolve(true);
    // A worker's messages go strictly in order, each right after the provider took the one before;
    // after one that is to be retried, the rest go back to the queue behind it.
    const sent = previous.then((goOn) => (goOn ? sendClaim(deps, claimed) : releaseClaim(deps, claimed)));
    const goOn = sent.then((record) => record.outcome.kind === 'sent' || record.outcome.kind === 'failed', () => false);
    chains.set(key, goOn);
    void goOn.then(() => {
      if (chains.get(key) === goOn) chains.delete(key);
    });
    const delivery = sent
      .then((record) => recordSend(deps, record))
      .then(() => undefined)
      // The row stays `sending` and is recovered after the send lease.
      .catch((error: unknown) => options.logger.error({ messageId: claimed.row.id, err: error instanceof Error ? error.message : String(error) }, 'recording a send failed'))
      .finally(() => {
        inFlight.delete(delivery);
        if (inFlight.size === 0) wokenWhileSending = false;
      });
    inFlight.add(delivery);
  };

  const loop = async (index: number) => {
    let failures = 0;
    while (running) {
      try {
        if (inFlight.size >= concurrency) {
          await Promise.race(inFlight);
          continue;
        }
        if (index === 0) await recoverIfDue();
        const seen = generation;
        const room = Math.min(policy.claimBatch, concurrency - inFlight.size);
        claiming++;
        const claim = await claimNextSend(options.orm, policy, options.logger, options.clock.now(), room, options.hot, floors).finally(() => claiming--);
        scheduleFullScan();
        failures = 0;
        for (const claimed of claim.claimed) deliver(claimed);
        // A full claim may have left more behind: claim again, and rouse another loop to help.
        if (claim.claimed.length === room) {
          sleepers.shift()?.();
          continue;
        }
        if (generation !== seen) {
          // Counted as claiming: the wakes meanwhile are this loop's, not a reason for another to claim.
          claiming++;
          await pause(claimGatherMs).finally(() => claiming--);
          continue;
        }
        await sleep(Math.min((claim.wakeAt ?? Infinity) - options.clock.now(), pollMs), seen);
      } catch (error) {
        failures++;
        floors.doubt();
        options.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'dispatcher step failed');
        const backoffMs = Math.min(pollMs * failures, 30_000);
        // While the database is down, wakes (a webhook each) cannot help: only stop cuts the back-off short.
        await (isDatabaseUnavailable(error) ? pause(backoffMs) : sleep(backoffMs));
      }
    }
  };

  // Whatever queues messages NOTIFYs `outbox` after its commit (createOutboxNotifier); after a dropped connection anything queued meanwhile is picked up.
  const listener = listenForNotifications(options.listenUrl ?? options.orm.config.get('clientUrl'), 'outbox', {
    onNotify: (sender) => {
      if (sender === options.notifySender) return;
      // Another instance's rows: on a channel these floors may not know, or below them.
      floors.doubt();
      wake();
    },
    onListening: () => {
      floors.doubt();
      wake();
    },
    onDeaf: () => {
      floors.doubt();
      wake();
    },
  }, options.logger);
  const loops = Array.from({ length: claimers }, (_, index) => loop(index));

  return {
    wake,
    async stop() {
      running = false;
      clearTimeout(fullScanTimer);
      wakeAll();
      for (const done of stoppers) done();
      await Promise.all(loops);
      await Promise.all(inFlight);
      await results.flush();
      await listener.close();
    },
  };
}
