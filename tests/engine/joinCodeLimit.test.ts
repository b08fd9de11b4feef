import { describe, expect, it } from 'vitest';
import { tierLimits } from '../../src/limits/tierLimits';
import { useEngineWorld } from '../support/useEngineWorld';

const world = useEngineWorld({ flow: 'onboarding' });
const joinSettings = () => JSON.stringify({ joinCode: 'JOIN ACME', selfEnrollment: true, selfEnrollmentProgramId: world().program.id, defaultLanguage: 'en' });
const workersWithPhone = (phone: string) => world().sql('select 1 from workers where organization_id = :organization_id and phone_number = :p', { p: phone });

describe('a join code within the tier limits', () => {
  it('is refused once the tier holds as many workers as it allows, telling the sender kindly', async () => {
    await world().sql(`update organizations set settings = :settings::jsonb, subscription_tier = 'basic' where id = :organization_id`, { settings: joinSettings() });
    const allowed = tierLimits.basic.workers!;
    await world().sql(
      `insert into workers (organization_id, full_name, phone_number) select :organization_id, 'W' || n, '+1444' || lpad(n::text, 7, '0') from generate_series(1, :n) n`,
      { n: allowed },
    );
    expect(await world().say('+15559990101', 'join acme', { profileName: 'Late' })).toEqual({ kind: 'unknown_sender', joined: false, refused: 'tier_limit' });
    expect(await workersWithPhone('+15559990101')).toEqual([]);
    const [reply] = await world().sql<{ body: string }>(`select body from messages where organization_id = :organization_id and worker_id is null and direction = 'outbound' order by seq desc limit 1`);
    expect(reply.body).toBe('Hello! We cannot register new members right now. Please ask your employer.');

    // The standard tier lifts it.
    await world().sql(`update organizations set subscription_tier = 'standard' where id = :organization_id`);
    expect(await world().say('+15559990101', 'join acme', { profileName: 'Late' })).toEqual({ kind: 'unknown_sender', joined: true });
  });

  it('is refused when the self-enrollment program has passed its end date', async () => {
    await world().sql(`update programs set end_date = '2026-01-04' where organization_id = :organization_id and id = :id`, { id: world().program.id });
    expect(await world().say('+15559990102', 'join acme')).toEqual({ kind: 'unknown_sender', joined: false, refused: 'program_ended' });
    expect(await workersWithPhone('+15559990102')).toEqual([]);
  });
});
