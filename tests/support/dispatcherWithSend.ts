import type { OutboundMessage, SendResult } from '../../src/channels/channelTypes';
import type { DeliveryPolicy } from '../../src/delivery/deliveryPolicy';
import { startDispatcher } from '../../src/delivery/startDispatcher';
import type { OutboxWorld } from './outboxWorld';

/** The world's dispatcher on its real channels, each adapter's `send` replaced by `send` (a provider the test controls). */
export function dispatcherWithSend(world: OutboxWorld, send: (message: OutboundMessage) => Promise<SendResult>, options: { pollMs: number; policy?: Partial<DeliveryPolicy> }) {
  const { deps } = world;
  return startDispatcher({
    orm: deps.orm,
    hot: deps.hot,
    clock: deps.clock,
    logger: deps.logger,
    pollMs: options.pollMs,
    policy: options.policy,
    registry: {
      current: async (em, id, updatedAt) => {
        const loaded = await deps.registry.current(em, id, updatedAt);
        return loaded && { ...loaded, adapter: { ...loaded.adapter, kind: loaded.adapter.kind, send } };
      },
    },
  });
}
