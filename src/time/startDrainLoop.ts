/** A background worker that drains a queue in rounds. */
export interface DrainLoop {
  /** Drains what is due now; resolves when the round (and any asked for meanwhile) is done. */
  wake(): Promise<void>;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

/**
 * Runs `drainOnce` (it answers how many items it handled) until it handles none, every `pollMs`
 * and whenever woken; a wake during a round runs one more. A failing round is reported to
 * `onFailure` and retried at the next poll, the queue being durable elsewhere.
 * @param pollMs interval between rounds, milliseconds.
 */
export function startDrainLoop(drainOnce: () => Promise<number>, pollMs: number, onFailure: (error: unknown) => void): DrainLoop {
  let running: Promise<void> | undefined;
  let again = false;
  const drain = async (): Promise<void> => {
    do {
      again = false;
      while ((await drainOnce()) > 0);
    } while (again);
  };
  const wake = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = drain()
      .catch(onFailure)
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void wake(), pollMs);
  timer.unref();
  return {
    wake,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
