import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forOrganization } from '../../src/db/tenancy/scopes';
import { dispatchUntilIdle } from '../../src/delivery/dispatchOnce';
import { listWorkerMessages } from '../../src/engine/listWorkerMessages';
import { startGraphApiFake, type GraphApiFake } from '../fakes/startGraphApiFake';
import { hours } from '../support/manualClock';
import { createOutboxWorld, type OutboxWorld } from '../support/outboxWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let graph: GraphApiFake;
let world: OutboxWorld;

const template = { name: 'daily_nudge', language: 'en', variables: ['Ana'] };

beforeAll(async () => {
  db = await createTestDatabase();
  graph = await startGraphApiFake();
  // 2026-01-05 12:00 UTC
  world = createOutboxWorld(db, { graphBaseUrl: graph.graphBaseUrl, start: Date.UTC(2026, 0, 5, 12, 0) });
});
afterAll(async () => {
  await graph.close();
  await db.destroy();
});

async function cloudChannel(org: string, n: number) {
  return world.channel(org, 'cloud_api', { phoneNumberId: String(5550000 + n), appId: '1' }, { appSecret: 's', accessToken: 't', verifyToken: 'v' });
}

function lastBody(): Record<string, unknown> {
  return graph.sentBodies().at(-1) as Record<string, unknown>;
}

describe('the 24-hour window', () => {
  it('sends free-form text inside the window', async () => {
    const org = await world.organization();
    const channel = await cloudChannel(org, 1);
    const worker = await world.worker(org);
    await world.inbound(org, channel, worker.id, world.clock.now() - hours(23));
    const id = await world.queue(org, channel, worker.id, { body: 'Ready for today?', payload: { template } });
    await dispatchUntilIdle(world.deps);
    expect((await world.message(id)).status).toBe('sent');
    expect(lastBody()).toMatchObject({ type: 'text', text: { body: 'Ready for today?' } });
  });

  it('sends the template outside the window', async () => {
    const org = await world.organization();
    const channel = await cloudChannel(org, 2);
    const worker = await world.worker(org);
    await world.inbound(org, channel, worker.id, world.clock.now() - hours(25));
    const id = await world.queue(org, channel, worker.id, { body: 'Ready for today?', payload: { template } });
    await dispatchUntilIdle(world.deps);
    expect((await world.message(id)).status).toBe('sent');
    expect(lastBody()).toMatchObject({ type: 'template', template: { name: 'daily_nudge' } });
  });

  it('holds and reports a free-form message outside the window without a template, never sending it', async () => {
    const org = await world.organization();
    const channel = await cloudChannel(org, 3);
    const worker = await world.worker(org);
    const before = graph.sentBodies().length;
    const id = await world.queue(org, channel, worker.id, { body: 'No template here' });
    await dispatchUntilIdle(world.deps);
    const row = await world.message(id);
    expect(row).toMatchObject({ status: 'held', error_code: 'window_closed' });
    expect(row.error_reason).toContain('24 hours');
    expect(graph.sentBodies().length).toBe(before);
  });
});

describe('quiet hours', () => {
  it('defers proactive messages to the end of local quiet hours, but never a reply', async () => {
    // 12:00 UTC is 21:00 in Tokyo: inside 20:00–07:00.
    const org = await world.organization({ quietHours: { start: '20:00', end: '07:00' }, timezone: 'UTC' });
    const channel = await world.channel(org, 'console');
    const worker = await world.worker(org, { timezone: 'Asia/Tokyo' });
    const proactive = await world.queue(org, channel, worker.id, { body: 'Reminder', priority: 1 });
    const bulk = await world.queue(org, channel, (await world.worker(org, { timezone: 'Asia/Tokyo' })).id, { body: 'Broadcast', priority: 2 });
    const reply = await world.queue(org, channel, (await world.worker(org, { timezone: 'Asia/Tokyo' })).id, { body: 'Thanks!', priority: 0 });
    await dispatchUntilIdle(world.deps);
    expect((await world.message(reply)).status).toBe('sent');
    const deferred = await world.message(proactive);
    expect(deferred.status).toBe('queued');
    // 07:00 Tokyo = 22:00 UTC.
    expect(new Date(deferred.next_attempt_at as Date).toISOString()).toBe('2026-01-05T22:00:00.000Z');
    expect((await world.message(bulk)).status).toBe('queued');
    world.clock.advance(hours(10));
    await dispatchUntilIdle(world.deps);
    expect((await world.message(proactive)).status).toBe('sent');
    expect((await world.message(bulk)).status).toBe('sent');
  });

  it('uses the organization timezone when the worker has none', async () => {
    // The clock now says 22:00 UTC: 01:00 in Nairobi, inside 21:00–07:00.
    const org = await world.organization({ quietHours: { start: '21:00', end: '07:00' }, timezone: 'Africa/Nairobi' });
    const channel = await world.channel(org, 'console');
    const worker = await world.worker(org);
    const id = await world.queue(org, channel, worker.id, { priority: 1 });
    await dispatchUntilIdle(world.deps);
    expect(new Date((await world.message(id)).next_attempt_at as Date).toISOString()).toBe('2026-01-06T04:00:00.000Z');
    world.clock.advance(hours(6));
    await dispatchUntilIdle(world.deps);
    expect((await world.message(id)).status).toBe('sent');
  });
});

describe('the reason a deferred message shows', () => {
  it('says in the conversation log why and until when every proactive message of a lesson waits', async () => {
    // 20:00 UTC is 23:00 in Nairobi, inside 21:00–07:00 (the tests above moved the clock forward).
    world.clock.advance(Date.UTC(2026, 0, 6, 20, 0) - world.clock.now());
    const org = await world.organization({ quietHours: { start: '21:00', end: '07:00' }, timezone: 'Africa/Nairobi' });
    const channel = await world.channel(org, 'console');
    const worker = await world.worker(org);
    const first = await world.queue(org, channel, worker.id, { body: 'Lesson 2', priority: 1 });
    const second = await world.queue(org, channel, worker.id, { body: 'Question 1', priority: 1 });
    await dispatchUntilIdle(world.deps);
    const log = await listWorkerMessages(forOrganization(db.orm.em, org), worker.id, undefined, 10);
    const deferred = {
      status: 'queued',
      errorCode: 'quiet_hours',
      errorReason: 'deferred until 07:00 Africa/Nairobi (quiet hours)',
      notBefore: '2026-01-07T04:00:00.000Z',
    };
    expect(log.messages.find((message) => message.id === first)).toMatchObject(deferred);
    // The second waited behind the first in the same claim: it is deferred too, not left without a word.
    expect(log.messages.find((message) => message.id === second)).toMatchObject(deferred);
  });
});
