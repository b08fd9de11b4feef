import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';
import { cloudApiInput, createChannelsWorld, twilioInput, type ChannelsWorld } from './channelsWorld';

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
    expect(empty.json).toEqual({
      connected: true,
      sendRate: { perSecond: 0, limitPerSecond: 80 },
      health: { status: 'healthy', reason: null, since: null },
      lastInboundAt: null,
      lastOutboundAt: null,
      lastHour: { sent: 0, delivered: 0, read: 0, failed: 0 },
      lastDay: { sent: 0, delivered: 0, read: 0, failed: 0 },
      queueDepth: 0,
      deferred: [],
      lastError: null,
    });

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
      connected: true,
      sendRate: { perSecond: 0, limitPerSecond: 80 },
      health: { status: 'healthy', reason: null, since: null },
      lastInboundAt: at(5),
      lastOutboundAt: at(10),
      lastHour: { sent: 2, delivered: 2, read: 1, failed: 1 },
      lastDay: { sent: 3, delivered: 2, read: 1, failed: 2 },
      queueDepth: 1,
      deferred: [],
      lastError: { code: '131026', reason: 'Message undeliverable', at: at(30) },
    });
    const coach = await world.call(world.a.keys.coach, 'GET', `/v1/channels/${id}/health`);
    expect(coach.status).toBe(403);
    const other = await world.call(world.b.keys.org_admin, 'GET', `/v1/channels/${id}/health`);
    expect(other.status).toBe(404);
  });

  it('counts the queued messages deferred for quiet hours, by reason, with the earliest end', async () => {
    const id = String((await world.admin('POST', '/v1/channels', { ...cloudApiInput, settings: { ...cloudApiInput.settings, phoneNumberId: '5559001' } })).json.id);
    const now = world.clock.now();
    const inHours = (n: number) => new Date(now + n * 3_600_000).toISOString();
    const nairobi = 'deferred until 07:00 Africa/Nairobi (quiet hours)';
    const rows: [string, string | null, string | null, string | null][] = [
      ['queued', 'quiet_hours', nairobi, inHours(3)],
      ['queued', 'quiet_hours', nairobi, inHours(2)],
      ['queued', 'quiet_hours', 'deferred until 07:00 Asia/Tokyo (quiet hours)', inHours(1)],
      ['queued', null, null, null],
      ['queued', 'send_failed', 'timeout', inHours(1)],
      // no longer waiting: due now, or already sent
      ['queued', 'quiet_hours', nairobi, inHours(-1)],
      ['sent', 'quiet_hours', nairobi, inHours(2)],
    ];
    for (const [status, code, reason, until] of rows) {
      await world.sql(
        `insert into messages (organization_id, channel_id, direction, status, created_at, error_code, error_reason, next_attempt_at)
         values (:organization_id, :channel, 'outbound', :status, :at, :code, :reason, :until)`,
        { channel: id, status, at: new Date(now).toISOString(), code, reason, until },
      );
    }
    const health = await world.admin('GET', `/v1/channels/${id}/health`);
    expect(health.json).toMatchObject({
      queueDepth: 6,
      deferred: [
        { code: 'quiet_hours', reason: 'deferred until 07:00 Asia/Tokyo (quiet hours)', count: 1, until: inHours(1) },
        { code: 'quiet_hours', reason: nairobi, count: 2, until: inHours(2) },
      ],
    });
  });

  it('answers the send rate over the last minute against the channel limit', async () => {
    const id = String((await world.admin('POST', '/v1/channels', twilioInput)).json.id);
    const now = world.clock.now();
    for (const secondsAgo of [5, 10, 20, 30, 45, 59, 61, 3600]) {
      await world.sql(
        `insert into messages (organization_id, channel_id, direction, status, created_at, sent_at) values (:organization_id, :channel, 'outbound', 'sent', :at, :at)`,
        { channel: id, at: new Date(now - secondsAgo * 1000).toISOString() },
      );
    }
    const health = await world.admin('GET', `/v1/channels/${id}/health`);
    expect(health.json.sendRate).toEqual({ perSecond: 0.1, limitPerSecond: 1 });
  });

  it('connected: Twilio and Cloud API by the last check and sends since; Baileys by its socket holder; console always', async () => {
    const twilio = String((await world.admin('POST', '/v1/channels', { ...twilioInput, settings: { ...twilioInput.settings, from: '+15550001199' } })).json.id);
    const connected = async (id: string) => (await world.admin('GET', `/v1/channels/${id}/health`)).json.connected;
    const now = world.clock.now();
    await world.sql(`update channels set verified_at = :at, verify_ok = false where organization_id = :organization_id and id = :id`, { id: twilio, at: new Date(now - 60_000).toISOString() });
    expect(await connected(twilio)).toBe(false);
    await world.sql(
      `insert into messages (organization_id, channel_id, direction, status, created_at, sent_at) values (:organization_id, :channel, 'outbound', 'sent', :at, :at)`,
      { channel: twilio, at: new Date(now - 1_000).toISOString() },
    );
    expect(await connected(twilio)).toBe(true);

    const baileys = String((await world.admin('POST', '/v1/channels', { kind: 'baileys', name: 'Linked phone', settings: {}, secrets: {} })).json.id);
    expect(await connected(baileys)).toBe(false);
    await world.sql(`insert into baileys_sessions (channel_id, organization_id, state) values (:id, :organization_id, 'open')`, { id: baileys });
    await world.sql(
      `insert into baileys_leases (channel_id, organization_id, holder, expires_at, renewed_at) values (:id, :organization_id, 'instance-a', :expires, :renewed)`,
      { id: baileys, expires: new Date(now + 30_000).toISOString(), renewed: new Date(now).toISOString() },
    );
    expect(await connected(baileys)).toBe(true);
    world.clock.advance(31_000);
    expect(await connected(baileys)).toBe(false);

    const consoleId = randomUUID();
    await world.sql(`insert into channels (id, organization_id, kind, name, address) values (:id, :organization_id, 'console', 'Console', :address)`, { id: consoleId, address: `console:${consoleId}` });
    const consoleHealth = await world.admin('GET', `/v1/channels/${consoleId}/health`);
    expect(consoleHealth.json).toMatchObject({ connected: true, sendRate: { perSecond: 0, limitPerSecond: null } });
  });

  it('documents the health fields in the OpenAPI document', async () => {
    const doc = (await (await world.app.request('http://localhost/openapi.json')).json()) as { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
    expect(Object.keys(doc.components.schemas.ChannelHealth.properties)).toEqual(expect.arrayContaining(['connected', 'sendRate', 'health', 'queueDepth']));
    expect(Object.keys(doc.components.schemas.Channel.properties)).toContain('health');
    expect(Object.keys(doc.components.schemas.ChannelHealthMark.properties)).toEqual(['status', 'reason', 'since']);
  });
});
