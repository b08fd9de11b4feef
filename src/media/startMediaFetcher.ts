import { startDrainLoop, type DrainLoop } from '../time/startDrainLoop';
import { fetchPendingMedia, type MediaFetchOptions } from './fetchPendingMedia';

/**
 * Runs the media fetcher beside the webhooks: woken when messages with media were stored, and
 * every `pollMs` for retries and for media left pending by a restart (the queue is the messages
 * table, so nothing is lost with the process).
 */
export function startMediaFetcher(options: MediaFetchOptions & { pollMs?: number }): DrainLoop {
  return startDrainLoop(
    () => fetchPendingMedia(options),
    options.pollMs ?? 15_000,
    (error) => options.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'media fetch round stopped; will retry'),
  );
}
