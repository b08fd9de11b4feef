import { fetchPendingMedia, type MediaFetchOptions } from './fetchPendingMedia';

export interface MediaFetcher {
  /** Fetches what is due now (after a webhook stored messages with media); resolves when the round is done. */
  wake(): Promise<void>;
  /** Stops polling and waits for the round in progress. */
  stop(): Promise<void>;
}

/**
 * Runs the media fetcher beside the webhooks: woken when messages with media were stored, and
 * every `pollMs` for retries and for media left pending by a restart (the queue is the messages
 * table, so nothing is lost with the process).
 */
export function startMediaFetcher(options: MediaFetchOptions & { pollMs?: number }): MediaFetcher {
  let running: Promise<void> | undefined;
  let again = false;
  const drain = async (): Promise<void> => {
    do {
      again = false;
      while ((await fetchPendingMedia(options)) > 0);
    } while (again);
  };
  const wake = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = drain()
      .catch((error: unknown) => options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'media fetch round stopped; will retry'))
      .finally(() => {
        running = undefined;
      });
    return running;
  };
  const timer = setInterval(() => void wake(), options.pollMs ?? 15_000);
  timer.unref();
  return {
    wake,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
