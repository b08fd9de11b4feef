import { performance } from 'node:perf_hooks';
import { toArrayLiteral } from '../db/toArrayLiteral';

/** What a claim read of one channel's priority: `[channel, priority, seq]`, the lowest seq it may still find queued there. */
export type FloorRead = [string, number, number];

/** The hot claim's floor parameters, as array literals (all empty: a full scan). */
export interface FloorParameters {
  floorChannels: string;
  floorPriorities: string;
  floorSeqs: string;
  /** The lower bound on `created_at` of the rows the claim reads (`outboxQueuedSince.ts`); '-infinity': none. */
  queuedSince: string;
}

/** One claim's floors: what it binds, and the floors it started from (to settle what it read against). */
export interface FloorClaim {
  full: boolean;
  /** A full scan that asks `outbox_queued_since` first (then `learnQueuedSince`); other full scans keep the bound learnt last. */
  askQueuedSince: boolean;
  params: FloorParameters;
  startedFrom: ReadonlyMap<string, number>;
}

export interface OutboxFloorOptions {
  /** A full scan at least this often while claims read from floors, wall-clock ms. Default 1000. */
  fullScanEveryMs?: number;
  /** Seqs below each floor read again, for transactions that took a seq before others and committed after them. Default 500. */
  marginSeqs?: number;
  /** A channel's floors are forgotten when no claim read it for this long, wall-clock ms (each costs a probe per priority a claim). Default 60000. */
  forgetAfterMs?: number;
  /** A full scan asks which months hold queued rows at most this often, wall-clock ms (each month costs two index probes and their planning). Default 1000. */
  askQueuedSinceEveryMs?: number;
}

/**
 * Per channel and priority, the lowest seq below which this dispatcher believes none of the
 * channel's rows is queued, so a claim reads each range of messages_channel_outbox_index from
 * there, past the entries of rows queued and claimed before (they stay in the partial index until
 * a vacuum, and a range read from its start walked all of them). A floor only moves up over rows
 * its claim picked: a row picked and not claimed (not common, rate slot, burst, locked by another
 * claim) keeps it at that row. What floors can miss is found by a full scan (every channel from
 * the start of its range): the first claim, the next one after `doubt()` (an error, another
 * instance's NOTIFY, rows put back by a retry, a release or recovery), once a deferred row falls
 * due, and at least every `fullScanEveryMs` while claims read from floors. A channel no claim read
 * for `forgetAfterMs` is left to full scans again. Likewise the months: before each full scan the
 * dispatcher asks which month the oldest queued or sending row is in (`outboxQueuedSince.ts`; at most
 * every `askQueuedSinceEveryMs`), and the claims read the partitions from that month on until it asks again.
 */
export interface OutboxFloors {
  forClaim(now: number): FloorClaim;
  /** What `outbox_queued_since` answered before a full scan (`askQueuedSince`): the bound of the claims until it is asked again. */
  learnQueuedSince(since: string): void;
  /** What `claim` read (`floors_read`) and, when known, when the earliest deferred row falls due (business ms). */
  settle(claim: FloorClaim, read: readonly FloorRead[], deferredUntil: number | undefined): void;
  doubt(): void;
  /** Wall-clock ms until the next full scan is due, when claims read from floors since the last one. */
  fullScanDueInMs(): number | undefined;
}

const keyOf = (channel: string, priority: number) => `${channel}/${priority}`;
/** No floors: the claim reads every queued channel from the start of its range. */
export const noFloors: FloorParameters = { floorChannels: '{}', floorPriorities: '{}', floorSeqs: '{}', queuedSince: '-infinity' };

export function createOutboxFloors(options: OutboxFloorOptions = {}): OutboxFloors {
  const fullScanEveryMs = options.fullScanEveryMs ?? 1_000;
  const marginSeqs = options.marginSeqs ?? 500;
  const forgetAfterMs = options.forgetAfterMs ?? 60_000;
  const askQueuedSinceEveryMs = options.askQueuedSinceEveryMs ?? 1_000;
  let queuedSinceAskedAt = Number.NEGATIVE_INFINITY;
  const floors = new Map<string, { channel: string; priority: number; seq: number }>();
  const channelReadAt = new Map<string, number>();
  let doubted = true;
  let lastFullAt = Number.NEGATIVE_INFINITY;
  let flooredSinceFull = false;
  let deferredDueAt: number | undefined;
  let queuedSince = noFloors.queuedSince;

  return {
    forClaim(now) {
      const wallNow = performance.now();
      for (const [key, floor] of floors) if (wallNow - (channelReadAt.get(floor.channel) ?? wallNow) > forgetAfterMs) floors.delete(key);
      for (const [channel, readAt] of channelReadAt) if (wallNow - readAt > forgetAfterMs) channelReadAt.delete(channel);
      const startedFrom = new Map([...floors].map(([key, floor]) => [key, floor.seq]));
      if (doubted || wallNow - lastFullAt >= fullScanEveryMs || (deferredDueAt !== undefined && now >= deferredDueAt)) {
        doubted = false;
        lastFullAt = wallNow;
        flooredSinceFull = false;
        deferredDueAt = undefined;
        const askQueuedSince = wallNow - queuedSinceAskedAt >= askQueuedSinceEveryMs;
        if (askQueuedSince) queuedSinceAskedAt = wallNow;
        return { full: true, askQueuedSince, params: { ...noFloors, queuedSince }, startedFrom };
      }
      flooredSinceFull = true;
      const all = [...floors.values()];
      return {
        full: false,
        askQueuedSince: false,
        startedFrom,
        params: {
          floorChannels: toArrayLiteral(all.map((floor) => floor.channel)),
          floorPriorities: toArrayLiteral(all.map((floor) => floor.priority)),
          floorSeqs: toArrayLiteral(all.map((floor) => Math.max(0, floor.seq - marginSeqs))),
          queuedSince,
        },
      };
    },
    settle(claim, read, deferredUntil) {
      const readAt = performance.now();
      for (const [channel, priority, seq] of read) {
        const key = keyOf(channel, Number(priority));
        const current = floors.get(key)?.seq;
        // Another claim settled meanwhile: the lower of the two (a claim may have missed rows the other one held locked).
        const lowered = current === undefined || current === claim.startedFrom.get(key) ? Number(seq) : Math.min(current, Number(seq));
        floors.set(key, { channel, priority: Number(priority), seq: lowered });
        channelReadAt.set(channel, readAt);
      }
      if (deferredUntil !== undefined) deferredDueAt = deferredDueAt === undefined ? deferredUntil : Math.min(deferredDueAt, deferredUntil);
    },
    learnQueuedSince(since) {
      queuedSince = since;
    },
    doubt() {
      doubted = true;
    },
    fullScanDueInMs() {
      return flooredSinceFull ? Math.max(0, lastFullAt + fullScanEveryMs - performance.now()) : undefined;
    },
  };
}
