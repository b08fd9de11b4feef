import type { ChannelRegistry } from '../../channels/channelRegistry';
import type { InboundSpool } from '../../inbound/createInboundSpool';
import type { EngineDependencies } from '../../engine/engineDependencies';

export interface WebhookDependencies {
  engine: EngineDependencies;
  registry: ChannelRegistry;
  /** PUBLIC_URL without a trailing slash; unset means the URL the request arrived on. */
  publicUrl?: string;
  /** Folder where inbound media files are kept. */
  mediaDir: string;
  /** Wakes the media fetcher after messages with media were stored (startMediaFetcher's `wake`). */
  fetchMedia: () => Promise<void>;
  /** Largest body accepted, bytes. */
  maxBodyBytes: number;
  /** Processes verified inbound work now, or keeps it on disk while the database is down. */
  spool: Pick<InboundSpool, 'receiveOrSpool' | 'applyStatusOrSpool' | 'health'>;
  /** Wakes the outbox dispatcher after this process queued messages. */
  wakeDispatcher: () => void;
}
