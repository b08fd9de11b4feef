import type { Logger } from 'pino';
import type { HotPath } from '../hotPath/openHotPath';
import { outboxNotifyStatement } from './outboxNotifyStatement';

export interface OutboxNotifier {
  /**
   * Call after a commit that queued outbound messages: wakes this process's dispatcher at once and
   * NOTIFYs `outbox` for the other instances, at most once per `throttleMs` (calls in between are
   * folded into one NOTIFY at the end of the interval). Never throws, never waits.
   */
  notifyOutboxChanged(): void;
  /** Sends a NOTIFY still owed and stops. */
  close(): Promise<void>;
}

export interface OutboxNotifierOptions {
  /** Where NOTIFY is issued (a prepared statement on a connection of its pool, autocommit). */
  hot: Pick<HotPath, 'runSystem'>;
  /**
   * The NOTIFY's payload: the dispatcher woken by `wakeLocal` ignores it (`startDispatcher`'s
   * `notifySender`), since it was woken already; the other instances' dispatchers wake.
   */
  sender: string;
  /** This process's dispatcher wake. */
  wakeLocal: () => void;
  logger: Logger;
  /** Least gap between two NOTIFYs, milliseconds. Default 100 (other instances also poll). */
  throttleMs?: number;
}

/**
 * The application's NOTIFY for the outbox (it replaced a per-row trigger: in PostgreSQL 15 a
 * transaction that NOTIFYs takes a global lock at commit, which serialized every commit that
 * queued a message). Issued outside the transactions that queue, in its own autocommit statement,
 * throttled, so a burst of steps costs a few NOTIFYs a second in all.
 */
export function createOutboxNotifier(options: OutboxNotifierOptions): OutboxNotifier {
  const throttleMs = options.throttleMs ?? 100;
  const { hot } = options;
  let lastSentAt = Number.NEGATIVE_INFINITY;
  let owed = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> | undefined;
  let closed = false;

  const send = (): void => {
    timer = undefined;
    if (!owed || inFlight) return;
    owed = false;
    lastSentAt = performance.now();
    inFlight = hot
      .runSystem(outboxNotifyStatement, outboxNotifyStatement.values({ sender: options.sender }))
      .then(() => undefined)
      // Other instances poll anyway: a lost NOTIFY only delays them by their poll interval.
      .catch((error: unknown) => options.logger.debug({ err: error instanceof Error ? error.message : String(error) }, 'outbox NOTIFY failed'))
      .finally(() => {
        inFlight = undefined;
        if (owed) schedule();
      });
  };

  const schedule = (): void => {
    if (closed || timer || inFlight) return;
    const wait = lastSentAt + throttleMs - performance.now();
    if (wait <= 0) send();
    else timer = setTimeout(send, wait);
  };

  return {
    notifyOutboxChanged() {
      options.wakeLocal();
      owed = true;
      schedule();
    },
    async close() {
      if (timer) clearTimeout(timer);
      send();
      closed = true;
      await inFlight;
    },
  };
}
