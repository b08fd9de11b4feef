import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelKind } from '../../src/channels/channelTypes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem } from '../../src/db/tenancy/scopes';
import { decideSend } from '../../src/delivery/decideSend';
import { findOutboxCandidates } from '../../src/delivery/findOutboxCandidates';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

const holder = 'join-window-test';
const addresses: Record<ChannelKind, string> = { twilio: '+15550007001', cloud_api: '700700700', baileys: '+15550007003', console: 'console:join-window' };
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.destroy();
});

async function joinedWorld(kind: ChannelKind, phone: string): Promise<{ world: EngineWorld; workerId: string }> {
  const world = await createEngineWorld(db, { flow: 'onboarding', channelKind: kind, channelAddress: addresses[kind] });
  const settings = JSON.stringify({ joinCode: 'JOIN', selfEnrollment: true, selfEnrollmentProgramId: world.program.id, defaultLanguage: 'en' });
  await world.sql('update organizations set settings = :settings::jsonb where id = :organization_id', { settings });
  if (kind === 'baileys') {
    await world.sql(
      `insert into baileys_leases (channel_id, organization_id, holder, expires_at, renewed_at) values (:channel, :organization_id, :holder, now() + interval '1 day', now())`,
      { channel: world.channel.id, holder },
    );
  }
  expect(await world.say(phone, 'join', { profileName: 'Ada' })).toEqual({ kind: 'unknown_sender', joined: true });
  const [worker] = await world.sql<{ id: string }>('select id from workers where organization_id = :organization_id and phone_number = :phone', { phone });
  return { world, workerId: worker.id };
}

describe('a worker who joins by join code', () => {
  it.each<ChannelKind>(['twilio', 'cloud_api', 'baileys', 'console'])('on %s: the joining message is theirs and opens their window, so the welcome and the first question go out as free text', async (kind) => {
    const phone = `+1555000${String(['twilio', 'cloud_api', 'baileys', 'console'].indexOf(kind) + 7100)}`;
    const { world, workerId } = await joinedWorld(kind, phone);
    const inbound = await world.sql<{ worker_id: string | null; body: string | null }>(
      "select worker_id, body from messages where organization_id = :organization_id and direction = 'inbound'",
    );
    expect(inbound).toEqual([{ worker_id: workerId, body: 'join' }]);

    const now = world.clock.now();
    const candidates = await findOutboxCandidates(asSystem(db.orm.em, 'test'), { skipChannels: [], skipIds: [], limit: 100, now, orderHorizon: now, baileysHolder: holder });
    const ours = candidates.filter((row) => row.organization_id === world.organization.id);
    expect(ours.length).toBeGreaterThanOrEqual(2);
    // Each row as if it were next in line: the window decides, not the order.
    const decisions = ours.map((row) => decideSend({ ...row, waits_for_earlier: false }, now));
    expect(decisions.map((decision) => decision.kind === 'send' && decision.asTemplate)).toEqual(ours.map(() => false));
    expect(decisions.every((decision) => decision.kind === 'send')).toBe(true);
  });

  it('twice at once from one new number: one worker, the second message handled after the enrollment, no error', async () => {
    const world = await createEngineWorld(db, { flow: 'onboarding', channelKind: 'console', channelAddress: 'console:join-race' });
    const settings = JSON.stringify({ joinCode: 'JOIN', selfEnrollment: true, selfEnrollmentProgramId: world.program.id, defaultLanguage: 'en' });
    await world.sql('update organizations set settings = :settings::jsonb where id = :organization_id', { settings });
    const phone = '+15550007200';
    const outcomes = await Promise.all([world.say(phone, 'join'), world.say(phone, 'join')]);
    expect(outcomes.map((outcome) => outcome.kind).sort()).toEqual(['advanced', 'unknown_sender']);
    const workers = await scopedSql<{ id: string }>(world.em(), 'select id from workers where organization_id = :organization_id and phone_number = :phone', { phone });
    expect(workers).toHaveLength(1);
    const inbound = await world.sql<{ worker_id: string | null }>("select worker_id from messages where organization_id = :organization_id and direction = 'inbound'");
    expect(inbound).toEqual([{ worker_id: workers[0].id }, { worker_id: workers[0].id }]);
  });
});

describe('a worker who joins by join code during quiet hours', () => {
  it('gets the welcome and the first journey at once: they answer the worker, they are not proactive mail', async () => {
    const world = await createEngineWorld(db, { flow: 'onboarding', channelKind: 'console', channelAddress: 'console:join-quiet' });
    const hour = new Date(world.clock.now()).getUTCHours();
    const hhmm = (h: number) => `${String(h % 24).padStart(2, '0')}:00`;
    const settings = JSON.stringify({
      joinCode: 'JOIN', selfEnrollment: true, selfEnrollmentProgramId: world.program.id, defaultLanguage: 'en', timezone: 'UTC', quietHours: { start: hhmm(hour), end: hhmm(hour + 2) },
    });
    await world.sql('update organizations set settings = :settings::jsonb where id = :organization_id', { settings });
    await world.say('+15550007300', 'join');
    const now = world.clock.now();
    const candidates = await findOutboxCandidates(asSystem(db.orm.em, 'test'), { skipChannels: [], skipIds: [], limit: 100, now, orderHorizon: now, baileysHolder: holder });
    const ours = candidates.filter((row) => row.organization_id === world.organization.id);
    expect(ours.length).toBeGreaterThanOrEqual(2);
    expect(ours.map((row) => decideSend({ ...row, waits_for_earlier: false }, now).kind)).toEqual(ours.map(() => 'send'));
  });
});
