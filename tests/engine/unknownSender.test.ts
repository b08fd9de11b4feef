import { describe, expect, it } from 'vitest';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });

const stranger = '+15559990001';
const messagesFromOrTo = () =>
  world().sql<{ direction: string; body: string | null; worker_id: string | null; payload: Record<string, unknown> }>(
    `select direction, body, worker_id, payload from messages where organization_id = :organization_id and worker_id is null order by seq`,
  );

describe('unknown senders', () => {
  it('are told how to join, once per provider message, and nothing about them is kept but a dedupe row', async () => {
    expect(await world().say(stranger, 'hi, who is this?', { providerMessageId: 'SM-stranger', profileName: 'Stranger' })).toEqual({ kind: 'unknown_sender', joined: false });
    expect(await world().say(stranger, 'hi, who is this?', { providerMessageId: 'SM-stranger', profileName: 'Stranger' })).toEqual({ kind: 'duplicate' });
    const rows = await messagesFromOrTo();
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ direction: 'inbound', body: null, payload: {} });
    expect(rows[1].direction).toBe('outbound');
    expect(rows[1].body).toContain('join code');
    expect(await world().sql('select 1 from workers where organization_id = :organization_id and phone_number = :p', { p: stranger })).toEqual([]);
  });

  it('join with the join code when self-enrollment is on, named from their profile, and start the program', async () => {
    const settings = JSON.stringify({ joinCode: 'JOIN ACME', selfEnrollment: true, selfEnrollmentProgramId: world().program.id, defaultLanguage: 'en' });
    await world().sql(`update organizations set settings = :settings::jsonb where id = :organization_id`, { settings });
    expect(await world().say('+15559990002', 'join acme', { profileName: 'Grace O.' })).toEqual({ kind: 'unknown_sender', joined: true });
    const [worker] = await world().sql<{ id: string; full_name: string }>(
      'select id, full_name from workers where organization_id = :organization_id and phone_number = :p',
      { p: '+15559990002' },
    );
    expect(worker.full_name).toBe('Grace O.');
    const log = await world().log(worker.id);
    // Their joining message is theirs now (it opens their window), then the welcome.
    expect(log.slice(0, 2).map((m) => [m.direction, m.body])).toEqual([['inbound', 'join acme'], ['outbound', 'Welcome, Grace O.! You are now registered.']]);
    expect(log.map((m) => m.touchpoint_key)).toContain('q-schedule');
  });

  it('join even when their profile name is longer than a worker name may be: the name is cut to 255 characters', async () => {
    const settings = JSON.stringify({ joinCode: 'JOIN ACME', selfEnrollment: true, selfEnrollmentProgramId: world().program.id, defaultLanguage: 'en' });
    await world().sql(`update organizations set settings = :settings::jsonb where id = :organization_id`, { settings });
    expect(await world().say('+15559990003', 'join acme', { profileName: `${'😀'.repeat(254)}xyz` })).toEqual({ kind: 'unknown_sender', joined: true });
    const [worker] = await world().sql<{ full_name: string }>('select full_name from workers where organization_id = :organization_id and phone_number = :p', { p: '+15559990003' });
    expect(worker.full_name).toBe(`${'😀'.repeat(254)}x`);
  });
});
