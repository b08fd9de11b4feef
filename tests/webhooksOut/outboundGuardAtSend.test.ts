import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertDomainEvents } from '../../src/events/insertDomainEvents';
import { createLogger } from '../../src/logging/createLogger';
import { createOutboundFetch } from '../../src/outbound/createOutboundFetch';
import type { OutboundPolicy } from '../../src/outbound/outboundPolicy';
import { createSecretBox } from '../../src/secrets/secretBox';
import { deliverDueWebhooks } from '../../src/webhooksOut/deliverDueWebhooks';
import type { EventSenderDependencies } from '../../src/webhooksOut/eventSenderDependencies';
import { createWebhookEndpoint } from '../../src/webhooksOut/manageWebhookEndpoints';
import { RETRY_DELAYS_MS } from '../../src/webhooksOut/retrySchedule';
import { deliverDueStatements } from '../../src/webhooksOut/xapi/deliverDueStatements';
import { saveLrsConfig } from '../../src/webhooksOut/xapi/lrsConfig';
import { startLrsFake, type LrsFake } from '../fakes/startLrsFake';
import { sendJson, startRecordingServer, type RecordingServer } from '../fakes/startRecordingServer';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const secretBox = createSecretBox(randomBytes(32).toString('hex'));
const credentials = { username: 'engine', password: 'lrs-password-1' };
let db: TestDatabase;
let receiver: RecordingServer;
let lrs: LrsFake;
/** Where the receiver sends the engine instead of answering, when set. */
let redirectTo: string | undefined;

/** A name that resolved to a public address when it was saved and now resolves to loopback (DNS rebinding). */
const rebinding = (allowedNetworks: string[]): OutboundPolicy => ({ allowedNetworks, resolveHost: async () => ['127.0.0.1'] });
const portOf = (server: RecordingServer) => new URL(server.baseUrl).port;

beforeAll(async () => {
  db = await createTestDatabase();
  receiver = await startRecordingServer((_request, response) => (redirectTo ? sendJson(response, 302, {}, { location: redirectTo }) : sendJson(response, 200, {})));
  lrs = await startLrsFake(credentials);
});
afterAll(async () => {
  await receiver.close();
  await lrs.close();
  await db.destroy();
});
beforeEach(() => {
  receiver.requests.length = 0;
  redirectTo = undefined;
});

function senderDeps(world: EngineWorld, policy: OutboundPolicy, retryDelaysMs?: number[]): EventSenderDependencies {
  return { orm: db.orm, clock: world.clock, logger: createLogger('silent'), secretBox, outboundFetch: createOutboundFetch(policy), timeoutMs: 1_000, retryDelaysMs };
}

/** A world with an endpoint at `url` (saved as it was: the check at save time is not this test's) and one event due to it. */
async function eventDueTo(url: string) {
  const world = await createEngineWorld(db, { flow: 'onboarding' });
  const endpoint = await createWebhookEndpoint(world.em(), secretBox, { url, events: ['handoff.requested'] });
  const worker = await world.addWorker();
  await world.em().transactional((tx) => insertDomainEvents(tx, [{ type: 'handoff.requested', workerId: worker.id, occurredAt: world.clock.now(), data: { itemId: 'item-1', cause: 'asked_for_person', reason: 'Asked for a person' } }]));
  return { world, endpoint };
}

async function deliveryOf(world: EngineWorld) {
  const [row] = await world.sql<{ status: string; attempts: number; last_status: number | null; last_error: string | null }>(
    'select status, attempts, last_status, last_error from event_deliveries where organization_id = :organization_id',
  );
  return row;
}

describe('the outbound guard when the engine connects', () => {
  it('refuses a name that now resolves to loopback at connect: nothing reaches the server, the reason is logged and the delivery retried', async () => {
    const { world } = await eventDueTo(`http://hooks.rebind.test:${portOf(receiver)}/hooks`);
    expect(await deliverDueWebhooks(senderDeps(world, rebinding([])))).toBe(1);
    expect(receiver.requests).toHaveLength(0);
    expect(await deliveryOf(world)).toEqual({ status: 'pending', attempts: 1, last_status: null, last_error: 'refused: hooks.rebind.test resolves to 127.0.0.1, a loopback address' });
  });

  it('refuses an IP literal saved before the guard, without a lookup', async () => {
    const { world } = await eventDueTo(`${receiver.baseUrl}/hooks`);
    await deliverDueWebhooks(senderDeps(world, { allowedNetworks: [], resolveHost: async () => ['93.184.215.14'] }));
    expect(receiver.requests).toHaveLength(0);
    expect((await deliveryOf(world)).last_error).toBe('refused: 127.0.0.1 is a loopback address');
  });

  it('disables the endpoint once a refused delivery has used up its retries, saying why', async () => {
    const { world, endpoint } = await eventDueTo(`http://[::ffff:7f00:1]:${portOf(receiver)}/hooks`);
    await deliverDueWebhooks(senderDeps(world, { allowedNetworks: [] }, []));
    expect(receiver.requests).toHaveLength(0);
    expect(await deliveryOf(world)).toMatchObject({ status: 'failed', last_error: 'refused: ::ffff:7f00:1 is a loopback address' });
    const [stored] = await world.sql<{ enabled: boolean; disabled_reason: string }>('select enabled, disabled_reason from webhook_endpoints where organization_id = :organization_id and id = :id', { id: endpoint.id });
    expect(stored).toEqual({ enabled: false, disabled_reason: expect.stringContaining('(last: refused: ::ffff:7f00:1 is a loopback address)') });
  });

  it('posts to a loopback receiver where the operator allowed loopback', async () => {
    const { world } = await eventDueTo(`http://hooks.rebind.test:${portOf(receiver)}/hooks`);
    await deliverDueWebhooks(senderDeps(world, rebinding(['127.0.0.0/8'])));
    expect(receiver.requests).toHaveLength(1);
    expect(await deliveryOf(world)).toMatchObject({ status: 'delivered', last_status: 200, last_error: null });
  });

  it('does not follow a redirect: one request, counted as a failure that says so', async () => {
    redirectTo = 'http://169.254.169.254/latest/meta-data/';
    const { world } = await eventDueTo(`http://hooks.rebind.test:${portOf(receiver)}/hooks`);
    await deliverDueWebhooks(senderDeps(world, rebinding(['127.0.0.0/8'])));
    expect(receiver.requests).toHaveLength(1);
    expect(await deliveryOf(world)).toMatchObject({
      status: 'pending',
      last_status: 302,
      last_error: 'the endpoint answered 302, a redirect to http://169.254.169.254/latest/meta-data/, which is not followed: give the URL it leads to',
    });
  });

  it('refuses an LRS whose name now resolves to loopback, and sends to it where loopback is allowed', async () => {
    const world = await createEngineWorld(db, { flow: 'onboarding' });
    await saveLrsConfig(world.em(), secretBox, world.organization.id, { endpoint: `http://lrs.rebind.test:${new URL(lrs.baseUrl).port}/xapi/`, ...credentials, homePage: 'https://acme.example.com', sendFreeText: false, enabled: true });
    const worker = await world.addWorker();
    await world.em().transactional((tx) => insertDomainEvents(tx, [{ type: 'touchpoint.completed', workerId: worker.id, occurredAt: world.clock.now(), data: { conversationId: 'c-1', journeyKey: 'onboarding', touchpointKey: 'welcome' } }]));
    const received = lrs.requests.length;

    await deliverDueStatements(senderDeps(world, rebinding([])));
    expect(lrs.requests.length).toBe(received);
    expect(await deliveryOf(world)).toEqual({ status: 'pending', attempts: 1, last_status: null, last_error: 'refused: lrs.rebind.test resolves to 127.0.0.1, a loopback address' });

    world.clock.advance(RETRY_DELAYS_MS[0]);
    await deliverDueStatements(senderDeps(world, rebinding(['127.0.0.0/8'])));
    expect(await deliveryOf(world)).toMatchObject({ status: 'delivered', attempts: 2, last_error: null });
    expect(lrs.statements.some((statement) => 'account' in statement.actor && statement.actor.account?.name === worker.id)).toBe(true);
  });
});
