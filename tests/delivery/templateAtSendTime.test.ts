import { loadRegisteredTemplates } from '../../src/templates/loadRegisteredTemplates';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChannelRegistry } from '../../src/channels/channelRegistry';
import { createSecretBox } from '../../src/secrets/secretBox';
import { defaultDeliveryPolicy } from '../../src/delivery/deliveryPolicy';
import { dispatchUntilIdle } from '../../src/delivery/dispatchOnce';
import { startGraphApiFake, type GraphApiFake } from '../fakes/startGraphApiFake';
import { hours } from '../support/manualClock';
import { useEngineWorld } from '../support/useEngineWorld';

const secretBox = createSecretBox(randomBytes(32).toString('hex'));
const phoneNumberId = '1055500077';
const world = useEngineWorld({
  flow: 'onboarding',
  channelKind: 'cloud_api',
  channelAddress: phoneNumberId,
  channelSettings: { phoneNumberId, appId: '4242000077' },
  secretsCiphertext: (channelId) => secretBox.seal({ appSecret: 'app-secret', accessToken: 'token', verifyToken: 'verify' }, channelId),
});
let graph: GraphApiFake;

beforeAll(async () => {
  graph = await startGraphApiFake({ accessToken: 'token' });
});
afterAll(async () => {
  await graph.close();
});

describe('a message queued inside the 24-hour window and sent after it', () => {
  it('keeps its touchpoint template and goes as that template', async () => {
    const worker = await world().addWorker({ fullName: 'Amina Njeri' });
    await world().say(worker.phoneNumber!, 'hi');
    await world().enroll(worker.id);
    const log = await world().log(worker.id);
    const hello = log.find((m) => m.touchpoint_key === 'hello');
    expect(hello?.payload.template).toMatchObject({ name: 'onboarding_welcome' });

    // A backlog (quiet hours, a paused channel, retries): the window closes before it goes.
    world().clock.advance(hours(25));
    const registry = createChannelRegistry({ loadTemplates: loadRegisteredTemplates, secretBox, graphBaseUrl: graph.graphBaseUrl, consoleSink: () => undefined });
    const { deps } = world();
    // Twice: the claim that holds the welcome reply (no template) leaves the rows behind it for the next one.
    for (let pass = 0; pass < 2; pass++) await dispatchUntilIdle({ ...deps, registry, policy: defaultDeliveryPolicy, random: () => 0.5 });
    expect(graph.sentBodies()[0]).toMatchObject({ type: 'template', template: { name: 'onboarding_welcome' } });
    expect((await world().log(worker.id)).find((m) => m.touchpoint_key === 'hello')).toMatchObject({ status: 'sent' });
  });
});
