import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { cloudApiInput, createChannelsWorld, type ChannelsWorld } from './channelsWorld';

let db: TestDatabase;
let world: ChannelsWorld;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createChannelsWorld(db);
});
afterAll(async () => db.destroy());

describe('GET /v1/channels/:id/health', () => {
  it('answers last times, counts over the hour and day, queue depth and the last provider error', async () => {
    const created = await world.admin('POST', '/v1/channels', cloudApiInput);
    const id = String(created.json.id);
    const empty = await world.admin('GET', `/v1/channels/${id}/health`);
    expect(empty.json).toEqual({ lastInboundAt: null, lastOutboundAt: null, lastHour: { sent: 0, delivered: 0, read: 0, failed: 0 }, lastDay: { sent: 0, delivered: 0, read: 0, failed: 0 }, queueDepth: 0, lastError: null });

    const now = world.clock.now();
    const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
    const rows: [string, string, number, string | null][] = [
      ['inbound', 'received', 5, null],
      ['outbound', 'read', 10, null],
      ['outbound', 'delivered', 20, null],
      ['outbound', 'sent', 90, null],
      ['outbound', 'failed', 30, '131026'],
      ['outbound', 'failed', 120, '131047'],
      ['outbound', 'queued', 1, null],
      ['outbound', 'delivered', 60 * 25, null],
    ];
    for (const [direction, status, minutesAgo, code] of rows) {
      await world.sql(
        `insert into messages (organization_id, channel_id, direction, status, created_at, sent_at, failed_at, error_code, error_reason)
         values (:organization_id, :channel, :direction, :status, :at, case when :status in ('sent', 'delivered', 'read') then cast(:at as timestamptz) end,
                 case when :status = 'failed' then cast(:at as timestamptz) end, :code, case when :code is null then null else 'Message undeliverable' end)`,
        { channel: id, direction, status, at: at(minutesAgo), code },
      );
    }
    const health = await world.admin('GET', `/v1/channels/${id}/health`);
    expect(health.status).toBe(200);
    expect(health.json).toEqual({
      lastInboundAt: at(5),
      lastOutboundAt: at(10),
      lastHour: { sent: 2, delivered: 2, read: 1, failed: 1 },
      lastDay: { sent: 3, delivered: 2, read: 1, failed: 2 },
      queueDepth: 1,
      lastError: { code: '131026', reason: 'Message undeliverable', at: at(30) },
    });
    const coach = await world.call(world.a.keys.coach, 'GET', `/v1/channels/${id}/health`);
    expect(coach.status).toBe(403);
    const other = await world.call(world.b.keys.org_admin, 'GET', `/v1/channels/${id}/health`);
    expect(other.status).toBe(404);
  });
});
