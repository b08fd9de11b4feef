import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchUntilIdle } from '../../src/delivery/dispatchOnce';
import { backOffRecipient, emptyBucket, takeRecipientToken, type RecipientBucket } from '../../src/delivery/recipientBucket';
import { startGraphApiFake, type GraphApiFake } from '../fakes/startGraphApiFake';
import { ManualClock } from '../support/manualClock';
import { createOutboxWorld, type OutboxWorld } from '../support/outboxWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const pairRate = { intervalMs: 6_000, burst: 45 };

/** Takes tokens at the clock's time until one is refused; answers how many were given. */
function takeAll(bucket: RecipientBucket, now: number): { taken: number; bucket: RecipientBucket; nextAt: number } {
  for (let taken = 0; ; taken++) {
    const result = takeRecipientToken(bucket, pairRate, now);
    if (!result.ok) return { taken, bucket, nextAt: result.at };
    bucket = result.bucket;
  }
}

describe('the per-recipient token bucket (the Cloud API pair rate)', () => {
  it('gives a burst of 45 at once, borrowed from later, then one every 6 s', () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const burst = takeAll(emptyBucket, clock.now());
    expect(burst.taken).toBe(45);
    expect(burst.nextAt).toBe(clock.now() + 6_000);

    let bucket = burst.bucket;
    for (let step = 0; step < 3; step++) {
      clock.advance(6_000);
      const steady = takeAll(bucket, clock.now());
      expect(steady.taken).toBe(1);
      bucket = steady.bucket;
    }
  });

  it('refills while the recipient is quiet: a short reply after a long pause goes at once', () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    const { bucket } = takeAll(emptyBucket, clock.now());
    clock.advance(10 * 6_000);
    expect(takeAll(bucket, clock.now()).taken).toBe(10);
    clock.advance(45 * 6_000);
    expect(takeAll(bucket, clock.now()).taken).toBe(45);
  });

  it('backs off 4^X seconds after each 131056 in a row, and starts again at 4 s after a quiet spell', () => {
    const clock = new ManualClock(Date.UTC(2026, 5, 1));
    let bucket = backOffRecipient(emptyBucket, clock.now());
    expect(bucket.blockedUntil - clock.now()).toBe(4_000);
    clock.advance(3_999);
    expect(takeRecipientToken(bucket, pairRate, clock.now())).toEqual({ ok: false, at: bucket.blockedUntil });
    clock.advance(1);
    expect(takeRecipientToken(bucket, pairRate, clock.now()).ok).toBe(true);

    bucket = backOffRecipient(bucket, clock.now());
    expect(bucket.blockedUntil - clock.now()).toBe(16_000);
    clock.advance(16_000);
    bucket = backOffRecipient(bucket, clock.now());
    expect(bucket.blockedUntil - clock.now()).toBe(64_000);

    clock.advance(64_000 + 64_001);
    bucket = backOffRecipient(bucket, clock.now());
    expect(bucket.blockedUntil - clock.now()).toBe(4_000);
  });
});

describe('pacing through the dispatcher', () => {
  let db: TestDatabase;
  let graph: GraphApiFake;
  let world: OutboxWorld;
  let org: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    graph = await startGraphApiFake({ accessToken: 'token' });
    world = createOutboxWorld(db, { graphBaseUrl: graph.graphBaseUrl });
    org = await world.organization();
  });
  afterAll(async () => {
    await graph.close();
    await db.destroy();
  });

  let numbers = 0;
  const cloudChannel = (settings: Record<string, unknown> = {}) =>
    world.channel(org, 'cloud_api', { phoneNumberId: String(1234567 + numbers++), appId: '987', ...settings }, { appSecret: 's', accessToken: 'token', verifyToken: 'v' });
  const openWorker = async (channel: string) => {
    const worker = await world.worker(org);
    await world.inbound(org, channel, worker.id);
    return worker;
  };

  it('paces messages to one worker one per 6 s once its burst is spent (recipientBurst 1), and keeps their order', async () => {
    const channel = await cloudChannel({ recipientBurst: 1 });
    const worker = await openWorker(channel);
    const ids = [
      await world.queue(org, channel, worker.id, { body: 'one', priority: 0 }),
      await world.queue(org, channel, worker.id, { body: 'two', priority: 0 }),
      await world.queue(org, channel, worker.id, { body: 'three', priority: 0 }),
    ];
    const start = world.clock.now();
    for (let s = 0; s < 20; s++) {
      await dispatchUntilIdle(world.deps);
      world.clock.advance(1000);
    }
    const rows = await Promise.all(ids.map((id) => world.message(id)));
    const sentAt = rows.map((r) => new Date(r.sent_at as Date).getTime() - start);
    expect(sentAt.map((t) => t - sentAt[0])).toEqual([0, 6000, 12000]);
  });

  it('holds a recipient back 4 s, then 16 s, after 131056 refusals in a row', async () => {
    const channel = await cloudChannel();
    const worker = await openWorker(channel);
    const id = await world.queue(org, channel, worker.id, { priority: 0 });
    graph.failNext('pair_rate_limit');
    await dispatchUntilIdle(world.deps);
    const [first] = await world.sql<{ blocked_until: Date; backoff_exponent: number }>(
      'select blocked_until, backoff_exponent from recipient_pacing where channel_id = :channel', { channel },
    );
    expect(first.backoff_exponent).toBe(1);
    expect(new Date(first.blocked_until).getTime() - world.clock.now()).toBe(4_000);

    world.clock.advance(6_000);
    graph.failNext('pair_rate_limit');
    await dispatchUntilIdle(world.deps);
    const [second] = await world.sql<{ blocked_until: Date; backoff_exponent: number }>(
      'select blocked_until, backoff_exponent from recipient_pacing where channel_id = :channel', { channel },
    );
    expect(second.backoff_exponent).toBe(2);
    world.clock.advance(15_000);
    await dispatchUntilIdle(world.deps);
    expect((await world.message(id)).status).toBe('queued');
    world.clock.advance(1_000);
    await dispatchUntilIdle(world.deps);
    expect((await world.message(id)).status).toBe('sent');
  });
});
