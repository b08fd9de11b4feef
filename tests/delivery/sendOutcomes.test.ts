import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyStatusUpdate } from '../../src/delivery/applyStatusUpdate';
import { dispatchOnce, dispatchUntilIdle } from '../../src/delivery/dispatchOnce';
import { forOrganization } from '../../src/db/tenancy/scopes';
import { startGraphApiFake, type GraphApiFake } from '../fakes/startGraphApiFake';
import { startTwilioApiFake, type TwilioApiFake } from '../fakes/startTwilioApiFake';
import { hours, minutes } from '../support/manualClock';
import { createOutboxWorld, TEST_TWILIO_SID, type OutboxWorld } from '../support/outboxWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let twilio: TwilioApiFake;
let graph: GraphApiFake;
let world: OutboxWorld;
let org: string;
let twilioChannel: string;
let cloudChannel: string;

beforeAll(async () => {
  db = await createTestDatabase();
  twilio = await startTwilioApiFake();
  graph = await startGraphApiFake({ accessToken: 'token' });
  world = createOutboxWorld(db, { twilioBaseUrl: twilio.baseUrl, graphBaseUrl: graph.graphBaseUrl });
  org = await world.organization();
  twilioChannel = await world.channel(org, 'twilio', { accountSid: TEST_TWILIO_SID, from: '+15550009999', sendRatePerSecond: 100 }, { authToken: 'auth' });
  cloudChannel = await world.channel(org, 'cloud_api', { phoneNumberId: '1234567', appId: '987' }, { appSecret: 's', accessToken: 'token', verifyToken: 'v' });
});
afterAll(async () => {
  await twilio.close();
  await graph.close();
  await db.destroy();
});

async function openWorker(channel: string) {
  const worker = await world.worker(org);
  await world.inbound(org, channel, worker.id);
  return worker;
}

describe('sending through the provider', () => {
  it('retries a 429 after its backoff and sends once', async () => {
    const worker = await openWorker(twilioChannel);
    const id = await world.queue(org, twilioChannel, worker.id, { body: 'Quiz time', priority: 0 });
    twilio.failNext('rate_limit');
    const before = twilio.createdMessages().length;
    const first = await dispatchOnce(world.deps);
    expect(first).toMatchObject({ kind: 'attempted', outcome: { kind: 'retry', code: '20429' } });
    expect(await world.message(id)).toMatchObject({ status: 'queued', attempts: 1 });
    // Not due yet: nothing happens until the backoff has passed.
    expect((await dispatchUntilIdle(world.deps)).attempted).toBe(0);
    world.clock.advance(minutes(1));
    expect((await dispatchUntilIdle(world.deps)).attempted).toBe(1);
    const row = await world.message(id);
    expect(row).toMatchObject({ status: 'sent', attempts: 2, possibly_duplicate: false });
    expect(row.provider_message_id).toMatch(/^SM/);
    const sent = twilio.createdMessages().slice(before);
    expect(sent.filter((m) => m.Body === 'Quiz time')).toHaveLength(2); // the refused one and the accepted one
    expect(twilio.createdMessages().length - before).toBe(2);
  });

  it('fails a permanent error with its code and reason, without retrying', async () => {
    const worker = await openWorker(twilioChannel);
    const id = await world.queue(org, twilioChannel, worker.id, { priority: 0 });
    twilio.failNext('invalid_to');
    const before = twilio.createdMessages().length;
    await dispatchUntilIdle(world.deps);
    world.clock.advance(hours(1));
    await dispatchUntilIdle(world.deps);
    const row = await world.message(id);
    expect(row).toMatchObject({ status: 'failed', error_code: '21211', attempts: 1 });
    expect(row.error_reason).toBeTruthy();
    expect(twilio.createdMessages().length - before).toBe(1);
  });

  it('gives up after the attempt limit', async () => {
    const worker = await openWorker(twilioChannel);
    const id = await world.queue(org, twilioChannel, worker.id, { priority: 0 });
    twilio.failNext(...Array.from({ length: world.deps.policy.maxAttempts }, () => 'server_error' as const));
    for (let i = 0; i < world.deps.policy.maxAttempts + 2; i++) {
      await dispatchUntilIdle(world.deps);
      world.clock.advance(hours(1));
    }
    expect(await world.message(id)).toMatchObject({ status: 'failed', error_code: '20500', attempts: world.deps.policy.maxAttempts });
  });

  it('retries the Cloud API pair rate limit (131056) no sooner than its suggested pause', async () => {
    const worker = await openWorker(cloudChannel);
    const id = await world.queue(org, cloudChannel, worker.id, { priority: 0 });
    graph.failNext('pair_rate_limit');
    await dispatchUntilIdle(world.deps);
    const row = await world.message(id);
    expect(row.status).toBe('queued');
    expect(new Date(row.next_attempt_at as Date).getTime()).toBeGreaterThanOrEqual(world.clock.now() + 6000);
    world.clock.advance(6000);
    await dispatchUntilIdle(world.deps);
    expect((await world.message(id)).status).toBe('sent');
  });

  it("sends a step's messages to one worker on the Cloud API at once (the pair rate's burst), in order", async () => {
    const worker = await openWorker(cloudChannel);
    const ids = [
      await world.queue(org, cloudChannel, worker.id, { body: 'one', priority: 0 }),
      await world.queue(org, cloudChannel, worker.id, { body: 'two', priority: 0 }),
      await world.queue(org, cloudChannel, worker.id, { body: 'three', priority: 0 }),
    ];
    const start = world.clock.now();
    // The channel's own rate (80 a second) spaces any two sends by 12.5 ms; the pair rate adds nothing.
    for (let round = 0; round < 5; round++) {
      await dispatchUntilIdle(world.deps);
      world.clock.advance(20);
    }
    const rows = await Promise.all(ids.map((id) => world.message(id)));
    for (const row of rows) expect(new Date(row.sent_at as Date).getTime() - start).toBeLessThan(100);
    expect(graph.sentBodies().slice(-3).map((body) => (body as { text?: { body?: string } }).text?.body)).toEqual(['one', 'two', 'three']);
  });

});

describe('status callbacks', () => {
  it('ends as read when read arrives before delivered', async () => {
    const worker = await openWorker(twilioChannel);
    const id = await world.queue(org, twilioChannel, worker.id, { priority: 0 });
    await dispatchUntilIdle(world.deps);
    const { provider_message_id: pid } = await world.message(id);
    const em = forOrganization(db.orm.em, org);
    const at = world.clock.now();
    expect(await applyStatusUpdate(em, twilioChannel, { providerMessageId: pid as string, status: 'read', at: at + 2000 })).toBe(true);
    expect(await applyStatusUpdate(em, twilioChannel, { providerMessageId: pid as string, status: 'delivered', at: at + 1000 })).toBe(false);
    expect(await applyStatusUpdate(em, twilioChannel, { providerMessageId: pid as string, status: 'sent', at: at + 500 })).toBe(false);
    expect(await world.message(id)).toMatchObject({ status: 'read' });
  });

  it('keeps statuses that arrive before the send returned the id and applies them when it does', async () => {
    const worker = await openWorker(cloudChannel);
    const id = await world.queue(org, cloudChannel, worker.id, { priority: 0 });
    // The Graph fake numbers the ids of accepted sends: the next one is predictable.
    const [{ count }] = await world.sql<{ count: number }>(
      `select count(*)::int as count from messages where channel_id = :channel and direction = 'outbound' and provider_message_id is not null`,
      { channel: cloudChannel },
    );
    const next = count + 1;
    const pid = `wamid.TEST${String(next).padStart(16, '0')}OUT`;
    const em = forOrganization(db.orm.em, org);
    const at = world.clock.now();
    expect(await applyStatusUpdate(em, cloudChannel, { providerMessageId: pid, status: 'delivered', at: at + 100 })).toBe(false);
    expect(await applyStatusUpdate(em, cloudChannel, { providerMessageId: pid, status: 'read', at: at + 200 })).toBe(false);
    await dispatchUntilIdle(world.deps);
    const row = await world.message(id);
    expect(row).toMatchObject({ status: 'read', provider_message_id: pid });
    expect(row.delivered_at).not.toBeNull();
    expect(await world.sql('select * from pending_statuses where provider_message_id = :pid', { pid })).toHaveLength(0);
  });
});
