import { beforeAll, describe, expect, it } from 'vitest';
import { publishFlows } from '../support/publishFlows';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();
let programId = '';

beforeAll(async () => {
  await publishFlows(world().em(), ['onboarding']);
  const program = await world().admin('POST', '/v1/programs', { name: 'Dates', blueprints: ['onboarding'] });
  expect(program.status).toBe(201);
  programId = String(program.json.id);
});

const expectRefused = (answer: { status: number; json: Record<string, unknown> }, field: string) => {
  expect(answer.status).toBe(400);
  expect(answer.json.error).toMatchObject({ field });
};

describe('values PostgreSQL cannot store answer 400 naming the field, never 500', () => {
  it('an invitation to an email address longer than users.email holds', async () => {
    expectRefused(await world().admin('POST', '/v1/users/invitations', { email: `a@${'b'.repeat(300)}.example`, role: 'coach' }), 'email');
  });

  it('a Cloud API phone number id longer than channels.address holds', async () => {
    const secrets = { accessToken: 'a'.repeat(20), appSecret: 'b'.repeat(20) };
    const body = { kind: 'cloud_api', name: 'x', settings: { phoneNumberId: '1'.repeat(101), appId: '999', wabaId: '888' }, secrets };
    expectRefused(await world().admin('POST', '/v1/channels', body), 'settings.phoneNumberId');
  });

  it('a marketplace listing of a blueprint version beyond an integer column', async () => {
    await world().sql(`update organizations set type = 'expert' where id = :organization_id`);
    const listing = { blueprintKey: 'onboarding', title: 'L', description: 'D', languages: ['en'], terms: { kind: 'free' } };
    expectRefused(await world().admin('POST', '/v1/marketplace/listings', { ...listing, version: 2 ** 31 }), 'version');
    expect((await world().admin('POST', '/v1/marketplace/listings', { ...listing, version: 2 ** 31 - 1 })).status).toBe(404);
  });

  it('a date or time in year 0000 or, through its offset, in year 10000 (UTC)', async () => {
    const yearZero = '0000-01-01';
    expectRefused(await world().admin('POST', '/v1/programs', { name: 'y0', blueprints: ['onboarding'], startDate: yearZero }), 'startDate');
    expectRefused(await world().admin('POST', '/v1/programs', { name: 'y0', blueprints: ['onboarding'], endDate: yearZero }), 'endDate');
    expectRefused(await world().admin('PATCH', `/v1/programs/${programId}`, { startDate: yearZero }), 'startDate');
    expectRefused(await world().admin('POST', `/v1/programs/${programId}/date-change-preview`, { startDate: yearZero }), 'startDate');
    expectRefused(await world().admin('GET', `/v1/programs/${programId}/analytics?from=${yearZero}`), 'from');
    expectRefused(await world().admin('GET', `/v1/programs/${programId}/analytics?to=${yearZero}`), 'to');
    expectRefused(await world().admin('GET', `/v1/leaderboards?week=${yearZero}`), 'week');
    expectRefused(await world().admin('POST', '/v1/challenges', { name: 'y0', goal: 1, startsAt: `${yearZero}T00:00:00Z`, endsAt: '0000-01-02T00:00:00Z' }), 'startsAt');
    expectRefused(await world().admin('POST', '/v1/challenges', { name: 'y10000', goal: 1, startsAt: '9999-12-31T00:00:00Z', endsAt: '9999-12-31T23:00:00-14:00' }), 'endsAt');
    const broadcast = { target: { programId }, content: { text: 'Hi' }, sendAt: `${yearZero}T00:00:00Z`, dryRun: true };
    expectRefused(await world().admin('POST', '/v1/broadcasts', broadcast), 'sendAt');
    // Year 0001 is PostgreSQL's first: stored and read back.
    const first = await world().admin('PATCH', `/v1/programs/${programId}`, { startDate: '0001-01-01' });
    expect(first.json).toMatchObject({ startDate: '0001-01-01' });
  });
});

describe('values PostgreSQL stores are read back as they were sent', () => {
  it('reads a challenge of the first century back in its own years, not as 19xx or 20xx', async () => {
    const created = await world().admin('POST', '/v1/challenges', { name: 'Ancient', goal: 1, startsAt: '0001-01-01T00:00:00Z', endsAt: '0050-06-01T00:00:00Z', progressAt: ['0020-01-01T00:00:00Z'] });
    expect(created.status).toBe(201);
    const read = await world().admin('GET', `/v1/challenges/${String(created.json.id)}`);
    expect(read.json).toMatchObject({ startsAt: '0001-01-01T00:00:00.000Z', endsAt: '0050-06-01T00:00:00.000Z', progressAt: ['0020-01-01T00:00:00.000Z'] });
  });
});
