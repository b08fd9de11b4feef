import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../src/db/tenancy/scopes';
import { enrollLateJoiners } from '../../src/programs/enrollLateJoiners';
import { resumePendingEnrollments } from '../../src/programs/resumePendingEnrollments';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { publishFlows } from '../support/publishFlows';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ApiWorld;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db);
  await publishFlows(world.em(), ['onboarding']);
});
afterAll(async () => db.destroy());

const conversationsOf = async (programId: string) =>
  (await world.sql<{ n: number }>(
    `select count(*)::int as n from conversations c join worker_assignments wa on wa.id = c.worker_assignment_id where c.organization_id = :organization_id and wa.program_id = :program`,
    { program: programId },
  ))[0].n;

describe('auto-enrollment of late joiners', () => {
  it('enrolls workers who join an auto-enroll segment while the program runs, and only then', async () => {
    await world.admin('POST', '/v1/workers', { fullName: 'Early', phoneNumber: '+15557000001', attributes: { site: 'Nairobi' } });
    const segment = await world.admin('POST', '/v1/segments', { name: 'Nairobi', rule: { attribute: 'site', op: 'eq', value: 'Nairobi' } });
    const auto = await world.admin('POST', '/v1/programs', { name: 'Auto', blueprints: ['onboarding'], segmentIds: [segment.json.id], autoEnroll: true });
    const once = await world.admin('POST', '/v1/programs', { name: 'Once', blueprints: ['onboarding'], segmentIds: [segment.json.id] });
    expect(auto.json.autoEnroll).toBe(true);
    for (const program of [auto, once]) await world.admin('POST', `/v1/programs/${String(program.json.id)}/activate`);
    expect((await world.admin('POST', `/v1/programs/${String(auto.json.id)}/enroll`, {})).json).toMatchObject({ assigned: 1, started: 1 });

    await world.admin('POST', '/v1/workers', { fullName: 'Late', phoneNumber: '+15557000002', attributes: { site: 'Nairobi' } });
    await world.admin('POST', '/v1/workers', { fullName: 'Elsewhere', phoneNumber: '+15557000003', attributes: { site: 'Mombasa' } });
    const system = asSystem(db.orm.em, 'test: scheduler');
    expect(await enrollLateJoiners(system, world.clock.now())).toMatchObject({ programs: 1, assigned: 1, started: 1 });
    expect(await conversationsOf(String(auto.json.id))).toBe(2);
    expect(await conversationsOf(String(once.json.id))).toBe(0);
    expect(await enrollLateJoiners(system, world.clock.now())).toMatchObject({ assigned: 0 });

    const patched = await world.admin('PATCH', `/v1/programs/${String(once.json.id)}`, { name: 'Once, renamed', endDate: '2026-12-31' });
    expect(patched.json).toMatchObject({ name: 'Once, renamed', endDate: '2026-12-31', autoEnroll: false, segmentIds: [segment.json.id] });
    expect((await world.admin('PATCH', `/v1/programs/${String(once.json.id)}`, { startDate: '2027-01-01' })).json.error).toMatchObject({ code: 'invalid_dates' });
    expect((await world.admin('GET', `/v1/programs/${String(once.json.id)}`)).json.startDate).toBeNull();
    await world.admin('POST', `/v1/programs/${String(auto.json.id)}/pause`);
    await world.admin('POST', '/v1/workers', { fullName: 'While paused', phoneNumber: '+15557000004', attributes: { site: 'Nairobi' } });
    expect(await enrollLateJoiners(system, world.clock.now())).toMatchObject({ programs: 0, assigned: 0 });
  });
});

describe('resuming enrollments after a crash', () => {
  it('starts the conversations an enrollment left unstarted, once', async () => {
    const program = await world.admin('POST', '/v1/programs', { name: 'Crashed', blueprints: ['onboarding'] });
    const programId = String(program.json.id);
    await world.admin('POST', `/v1/programs/${programId}/activate`);
    const worker = await world.admin('POST', '/v1/workers', { fullName: 'Pending', phoneNumber: '+15557000009' });
    // The assignment was written, then the process stopped before the conversation started.
    await world.sql(`insert into worker_assignments (organization_id, program_id, worker_id) values (:organization_id, :program, :worker)`, { program: programId, worker: String(worker.json.id) });
    const system = asSystem(db.orm.em, 'test: scheduler');
    expect(await resumePendingEnrollments(system, world.clock.now())).toEqual({ programs: 1, started: 1 });
    expect(await resumePendingEnrollments(system, world.clock.now())).toEqual({ programs: 0, started: 0 });
    expect(await conversationsOf(programId)).toBe(1);
  });
});
