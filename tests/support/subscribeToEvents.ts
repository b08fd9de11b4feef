import { randomBytes } from 'node:crypto';
import type { DomainEventType } from '../../src/events/domainEvent';
import { createSecretBox } from '../../src/secrets/secretBox';
import { createWebhookEndpoint } from '../../src/webhooksOut/manageWebhookEndpoints';
import type { EngineWorld } from './engineWorld';

/** A webhook endpoint of the world's organization subscribed to `types`: only events someone takes are written. */
export async function subscribeToEvents(world: Pick<EngineWorld, 'em'>, types: DomainEventType[]): Promise<void> {
  await createWebhookEndpoint(world.em(), createSecretBox(randomBytes(32).toString('hex')), { url: 'https://hooks.example/events', events: types });
}
