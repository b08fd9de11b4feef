import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchUntilIdle } from '../../src/delivery/dispatchOnce';
import { startGraphApiFake, type GraphApiFake } from '../fakes/startGraphApiFake';
import { hours } from '../support/manualClock';
import { createOutboxWorld, type OutboxWorld } from '../support/outboxWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let graph: GraphApiFake;
let world: OutboxWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  graph = await startGraphApiFake();
  world = createOutboxWorld(db, { graphBaseUrl: graph.graphBaseUrl });
});
afterAll(async () => {
  await graph.close();
  await db.destroy();
});

const template = { name: 'weekly_checkin', language: 'en', variables: [] };
const secrets = { appSecret: 's', accessToken: 't', verifyToken: 'v' };

describe('the Cloud API messaging limit', () => {
  it('shares one moving 24-hour count of users messaged outside the window between the numbers of a portfolio', async () => {
    const org = await world.organization();
    const settings = { appId: '1', wabaId: '4242', messagingLimit: 2, sendRatePerSecond: 1000 };
    const first = await world.channel(org, 'cloud_api', { ...settings, phoneNumberId: '9000001' }, secrets);
    const second = await world.channel(org, 'cloud_api', { ...settings, phoneNumberId: '9000002' }, secrets);
    const ids = [
      await world.queue(org, first, (await world.worker(org)).id, { payload: { template } }),
      await world.queue(org, second, (await world.worker(org)).id, { payload: { template } }),
      await world.queue(org, second, (await world.worker(org)).id, { payload: { template } }),
    ];
    // Inside the window a message does not count.
    const open = await world.worker(org);
    await world.inbound(org, first, open.id);
    const inWindow = await world.queue(org, first, open.id, { body: 'free-form' });

    const start = world.clock.now();
    for (let i = 0; i < 5; i++) {
      await dispatchUntilIdle(world.deps);
      world.clock.advance(10);
    }
    const rows = await Promise.all(ids.map((id) => world.message(id)));
    expect(rows.map((r) => r.status)).toEqual(['sent', 'sent', 'queued']);
    expect(rows[2]).toMatchObject({ error_code: 'messaging_limit' });
    expect(new Date(rows[2].next_attempt_at as Date).getTime()).toBe(start + hours(24));
    expect((await world.message(inWindow)).status).toBe('sent');

    world.clock.advance(hours(24));
    await dispatchUntilIdle(world.deps);
    expect(await world.message(ids[2])).toMatchObject({ status: 'sent', error_code: null });
  });
});
