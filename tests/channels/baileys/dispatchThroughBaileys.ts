import { createBaileysAdapter } from '../../../src/channels/baileys/createBaileysAdapter';
import type { BaileysChannels } from '../../../src/channels/baileys/startBaileysChannels';
import type { LoadedChannel } from '../../../src/channels/channelRegistry';
import { defaultDeliveryPolicy } from '../../../src/delivery/deliveryPolicy';
import { dispatchUntilIdle, type DispatchDependencies } from '../../../src/delivery/dispatchOnce';
import type { EngineWorld } from '../../support/engineWorld';

/** The world's Baileys channel as the registry loads it, sending through `instance`. */
export function loadBaileysChannel(world: EngineWorld, instance: BaileysChannels): LoadedChannel {
  return {
    id: world.channel.id, organizationId: world.organization.id, kind: 'baileys', address: 'baileys:+15550001111', settings: {}, numberConfirmed: false,
    adapter: createBaileysAdapter({
      send: (message) => instance.send(world.channel.id, message),
      downloadMedia: (ref) => instance.downloadMedia(world.channel.id, ref),
    }),
    verify: () => { throw new Error('Baileys channels have no webhook'); },
    answerHandshake: () => { throw new Error('Baileys channels have no webhook'); },
  };
}

/** Runs the real dispatcher over the world's outbox until nothing is due within a minute, moving the clock to each wake-up. */
export function dispatchThroughBaileys(world: EngineWorld, instance: BaileysChannels, loaded: LoadedChannel): () => Promise<void> {
  const dispatcher: DispatchDependencies = {
    orm: world.deps.orm, clock: world.clock, logger: world.deps.logger, policy: { ...defaultDeliveryPolicy, baileysHolder: instance.holder }, random: () => 0,
    registry: { current: async () => loaded },
  };
  return async () => {
    for (let round = 0; round < 20; round++) {
      const { wakeAt } = await dispatchUntilIdle(dispatcher);
      if (wakeAt === undefined || wakeAt - world.clock.now() > 60_000) return;
      world.clock.advance(Math.max(0, wakeAt - world.clock.now()));
      await instance.tick();
    }
  };
}
