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
  /** Largest body accepted, bytes. */
  maxBodyBytes: number;
  /** Queues verified inbound messages (the console's are processed now), or keeps them on disk while the database is down. */
  spool: Pick<InboundSpool, 'queueOrSpool' | 'receiveOrSpool' | 'applyStatusOrSpool' | 'health'>;
  /** Wakes the outbox dispatcher after this process queued replies (the console's messages). */
  wakeDispatcher: () => void;
}
