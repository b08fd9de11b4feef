import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { InboundMessage } from '../channels/channelTypes';
import { asSystem } from '../db/tenancy/scopes';
import type { EngineDependencies } from '../engine/engineDependencies';
import { handleInbound } from '../engine/handleInbound';
import { isDatabaseUnavailable } from '../db/isDatabaseUnavailable';
import { classifyDatabaseFailure } from './classifyDatabaseFailure';
import { extendHeldLeases } from './extendHeldLeases';
import { claimQueuedSenders, type ClaimedMessage, type ClaimedSender } from './claimQueuedSenders';
import { releaseQueueClaims } from './releaseQueueClaims';
import { renewQueueLease } from './renewQueueLease';

/** A queued message as a spool line, as it is set aside (`message` unparsed when it could not be read). */
/** Dropped pooled connections a message may meet after an outage before they count as its own failures (more than the pools hold). */
const MAX_LOST_CONNECTIONS = 40;

export interface QueuedEntry {
  kind: 'message';
  channel: ClaimedMessage['channel'];
  message: unknown;
  spooledAt: number;
}

export interface InboundProcessorOptions {
  deps: EngineDependencies;
  /** Sets a message aside with its error once its step failed `maxAttempts` times for its own reason (the spool's `setAside`). */
  setAside: (entry: QueuedEntry, error: unknown, attempts: number) => Promise<void>;
  /** Called after a message's step committed: wake the dispatcher (and the media fetcher for media). */
  afterStep: (message: InboundMessage) => void;
  /** Senders whose messages run at once in this process. Default 8. */
  concurrency?: number;
  /** Poll for messages other instances queued or left behind (an ended lease), milliseconds. Default 5000. */
  pollMs?: number;
  /** How long a claim holds a sender's rows unless renewed (every third of it while this process runs them) before another instance may take them over (after a crash), milliseconds. Default 30000. */
  leaseMs?: number;
  /** Attempts of a step that fails for the message's own reason before it is set aside. Default 3. */
  maxAttempts?: number;
  /** Waits before trying again while the database is away: 1 s doubling to this, milliseconds. Default 30000. */
  maxPauseMs?: number;
  /** Names this processor's leases; default a random id. */
  holder?: string;
  /** The intake's own connections (a real server): claims go there in one round trip. Default the ORM's pool. */
  pool?: pg.Pool;
  /** The step run for each message; default the engine's `handleInbound` (tests wrap it to watch what runs at once). */
  step?: typeof handleInbound;
  /**
   * How late the event loop runs right now, milliseconds (`watchEventLoopLag`). Above
   * `yieldAboveLagMs` steps run one at a time, so that webhooks waiting for their turn of the loop
   * are acknowledged first and a surge queues here instead of in the providers' retries. Unset, `concurrency` always.
   */
  loopLag?: () => number;
  /** Default 10. */
  yieldAboveLagMs?: number;
}

/** How often a step waiting for its turn looks again at the event loop's lag, milliseconds. */
const TURN_POLL_MS = 5;

const sleep = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

/**
 * Runs the step of each queued inbound message right behind its acknowledgement: woken at once
 * when this process queued messages, and by a slow poll for other instances' messages and ended
 * leases (renewed every third of `leaseMs` while they run, so only a crashed instance's expire). Each sender's messages run one after the other in arrival order (a claim holds all of a
 * sender's rows, `claimQueuedSenders`), different senders in parallel up to `concurrency`. A row
 * is deleted, in the next claim's statement, after its step committed; a step failing for its own
 * reason is retried, then set aside with its error and the sender goes on; while the database is
 * away the sender waits and tries again (acceptance goes on through the spool).
 */
export function startInboundProcessor(options: InboundProcessorOptions) {
  const { deps } = options;
  const concurrency = options.concurrency ?? 8;
  const leaseMs = options.leaseMs ?? 30_000;
  const maxAttempts = options.maxAttempts ?? 3;
  const maxPauseMs = options.maxPauseMs ?? 30_000;
  const holder = options.holder ?? randomUUID();
  const step = options.step ?? handleInbound;
  const yieldAboveLagMs = options.yieldAboveLagMs ?? 10;
  const stepsAllowed = () => (options.loopLag && options.loopLag() > yieldAboveLagMs ? 1 : concurrency);
  let stepping = 0;
  const system = () => asSystem(deps.orm.em, 'run queued inbound messages');
  const running = new Map<string, Promise<void>>();
  let done: string[] = [];
  let pumping: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let lastClaim: { empty: boolean; error?: unknown } = { empty: false };

  const leaseEnd = () => new Date(deps.clock.now() + leaseMs);

  /** Waits out an outage; answers whether this processor still holds `ids` once the database is back. */
  async function waitForDatabase(ids: string[]): Promise<boolean> {
    for (let pauseMs = 1_000; !stopped; pauseMs = Math.min(pauseMs * 2, maxPauseMs)) {
      await sleep(pauseMs);
      try {
        return (await renewQueueLease(system(), ids, holder, leaseEnd())).size === ids.length;
      } catch (error) {
        const err = error instanceof Error ? error.message : String(error);
        // Anything but the database being away is a fault of the renewal itself: hand the rows
        // back to the next claim (they come free when their lease ends) instead of waiting forever.
        if ((await classifyDatabaseFailure(deps.orm, error, 3_000)) === 'own') {
          deps.logger.error({ err }, 'renewing the lease of queued inbound messages failed; they are claimed again once it ends');
          return false;
        }
        deps.logger.warn({ err, retryInMs: pauseMs }, 'queued inbound messages paused: the database is away');
      }
    }
    return false;
  }

  /** Waits while the steps running already are all the event loop can take, then counts this one in; false once stopped. */
  async function takeStepTurn(): Promise<boolean> {
    while (!stopped && stepping >= stepsAllowed()) await sleep(TURN_POLL_MS);
    if (stopped) return false;
    stepping++;
    return true;
  }

  /** Runs a step that took its turn, and hands the turn back. */
  async function stepInTurn(claimed: ClaimedMessage, message: InboundMessage): Promise<void> {
    try {
      await step(deps, claimed.channel, message, claimed.receivedAt);
    } finally {
      stepping--;
    }
  }

  /** Runs one message's step: true when the sender may go on to its next message. */
  async function runOne(claimed: ClaimedMessage, rest: string[]): Promise<boolean> {
    const entry = (message: unknown): QueuedEntry => ({ kind: 'message', channel: claimed.channel, message, spooledAt: claimed.receivedAt });
    if ('unreadable' in claimed.message) return setAside(claimed.id, entry(claimed.message.raw), new Error(claimed.message.unreadable), 1);
    const message = claimed.message;
    for (let attempts = 1, lostConnections = 0; ; ) {
      if (!(await takeStepTurn())) return false;
      try {
        await stepInTurn(claimed, message);
        done.push(claimed.id);
        options.afterStep(message);
        return true;
      } catch (error) {
        const failure = await classifyDatabaseFailure(deps.orm, error, 3_000);
        // After an outage the pools hold connections the server dropped, each failing once at its
        // first use: those are not the message's fault (bounded, so a message that kills its
        // connection every time is still set aside).
        if (failure === 'own' && isDatabaseUnavailable(error) && lostConnections < MAX_LOST_CONNECTIONS) {
          lostConnections++;
        } else if (failure === 'own') {
          if (attempts >= maxAttempts) return setAside(claimed.id, entry(message), error, attempts);
          attempts++;
        } else if (!(await waitForDatabase(rest))) return false;
      }
    }
  }

  async function setAside(id: string, entry: QueuedEntry, error: unknown, attempts: number): Promise<boolean> {
    try {
      await options.setAside(entry, error, attempts);
      done.push(id);
    } catch (writeError) {
      // Kept in the queue: tried again once this processor's lease on it ends.
      deps.logger.error({ id, err: writeError instanceof Error ? writeError.message : String(writeError) }, 'a queued inbound message could not be set aside; kept in the queue');
    }
    return true;
  }

  async function runSender(sender: ClaimedSender): Promise<void> {
    for (const [index, claimed] of sender.messages.entries()) {
      if (stopped || !(await runOne(claimed, sender.messages.slice(index).map((m) => m.id)))) return;
    }
  }

  async function pump(): Promise<void> {
    do {
      again = false;
      const slots = stopped ? 0 : concurrency - running.size;
      if (slots === 0 && done.length === 0) return;
      const finished = done;
      done = [];
      let senders: ClaimedSender[];
      try {
        const via = options.pool ? { pool: options.pool } : { system: system() };
        senders = await claimQueuedSenders(via, { done: finished, holder, now: new Date(deps.clock.now()), until: leaseEnd(), senders: slots });
      } catch (error) {
        done = finished.concat(done);
        lastClaim = { empty: false, error };
        deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'claiming queued inbound messages failed; will retry');
        return;
      }
      lastClaim = { empty: senders.length === 0 };
      for (const sender of senders) {
        const run = runSender(sender)
          .catch((error: unknown) => deps.logger.error({ err: error instanceof Error ? error.message : String(error) }, 'queued inbound messages of a sender stopped'))
          .finally(() => {
            running.delete(sender.key);
            wake();
          });
        running.set(sender.key, run);
      }
    } while (again);
  }

  function wake(): void {
    if (pumping) {
      again = true;
      return;
    }
    pumping = pump().finally(() => {
      pumping = undefined;
      if (again && !stopped) wake();
    });
  }

  const timer = setInterval(wake, options.pollMs ?? 5_000);
  timer.unref();
  const heartbeat = setInterval(() => {
    if (running.size === 0) return;
    extendHeldLeases(system(), holder, leaseEnd()).catch((error: unknown) =>
      deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'extending the leases of queued inbound messages failed; will retry'),
    );
  }, leaseMs / 3);
  heartbeat.unref();

  return {
    /** Looks for queued messages now (called after this process queued some). */
    wake,
    /** Resolves once nothing queued is left to run and every finished row is deleted (tests: "processed"). */
    async drain(): Promise<void> {
      for (;;) {
        wake();
        await pumping;
        await Promise.all(running.values());
        await pumping;
        if (lastClaim.error) throw lastClaim.error;
        if (running.size === 0 && done.length === 0 && lastClaim.empty && !pumping) return;
      }
    },
    /** Stops claiming, lets each running step finish, deletes what finished and hands the rest back to any instance. */
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      clearInterval(heartbeat);
      await pumping;
      await Promise.all(running.values());
      wake();
      await pumping;
      await releaseQueueClaims(system(), holder).catch(() => undefined);
    },
  };
}

export type InboundProcessor = ReturnType<typeof startInboundProcessor>;
