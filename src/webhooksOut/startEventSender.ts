import { deliverDueWebhooks } from './deliverDueWebhooks';
import type { EventSenderDependencies } from './eventSenderDependencies';
import { deliverDueStatements } from './xapi/deliverDueStatements';

export interface EventSender {
  /** Delivers what is due now; resolves when the round is done. */
  wake(): Promise<void>;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

/**
 * Runs the event sender beside the engine, never inside a step's transaction: every `pollMs` (and
 * when woken) it delivers due webhooks and xAPI batches until none is due. The outbox is the
 * database, so a crash loses nothing: a delivery left `sending` is due again when its lease ends.
 */
export function startEventSender(deps: EventSenderDependencies & { pollMs?: number }): EventSender {
  let running: Promise<void> | undefined;
  let again = false;
  const drain = async (): Promise<void> => {
    do {
      again = false;
      while ((await deliverDueWebhooks(deps)) + (await deliverDueStatements(deps)) > 0);
    } while (again);
  };
  const wake = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = drain()
      .catch((error: unknown) => deps.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'event delivery round stopped; will retry'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void wake(), deps.pollMs ?? 1_000);
  timer.unref();
  return {
    wake,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
