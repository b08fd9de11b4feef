import { describe, expect, it } from 'vitest';
import { listPrograms } from '../../src/web/programs/loadProgramStats';
import { findWorkers, listFilterChoices, workerFilterSchema } from '../../src/web/workers/findWorkers';
import { startSimulation } from '../../src/web/simulator/simulatorSession';
import type { Staff } from '../../src/web/auth/staffSessions';
import { publishFlows } from '../support/publishFlows';
import { useApiWorld } from '../support/useApiWorld';

const world = useApiWorld();

const staff = (organizationId: string): Staff => ({
  userId: '00000000-0000-4000-8000-00000000a11e',
  organizationId,
  organizationName: 'Org',
  email: 'author@example.test',
  name: 'Alex Author',
  role: 'content_specialist',
  csrfToken: 'x',
  timezone: 'UTC',
  sessionHash: 'x',
});

describe('simulator data is kept apart from real data', () => {
  it('leaves the test worker and its program out of lists, counts, exports, segments and broadcasts, and plays the chosen language', async () => {
    const w = world();
    await publishFlows(w.em(), ['onboarding']);
    const real = await w.admin('POST', '/v1/workers', { fullName: 'Amina Njeri', phoneNumber: '+254700000001', language: 'en' });
    expect(real.status).toBe(201);
    const [blueprint] = await w.sql<{ id: string }>(`select id from journey_blueprints where organization_id = :organization_id and key = 'onboarding'`);
    await startSimulation(w.em(), staff(w.a.id), { blueprintId: blueprint.id, language: 'es' }, w.a.channelId, w.clock.now());

    const [sim] = await w.sql<{ id: string; language: string }>(`select id, language from workers where organization_id = :organization_id and full_name = 'Alex Author (simulator)'`);
    expect(sim.language).toBe('es');
    const [first] = await w.sql<{ body: string }>(`select body from messages where organization_id = :organization_id and worker_id = :worker order by seq limit 1`, { worker: sim.id });
    expect(first.body).toMatch(/^¡Hola/);
    await w.sql(`insert into well_being_answers (organization_id, worker_id, value, answered_at) select :organization_id, id, 3, now() from workers where organization_id = :organization_id`);

    // API lists and exports
    const workers = (await w.admin('GET', '/v1/workers')).json.workers as { fullName: string }[];
    expect(workers.map((x) => x.fullName)).toEqual(['Amina Njeri']);
    const programs = (await w.admin('GET', '/v1/programs')).json.programs as { name: string }[];
    expect(programs.map((p) => p.name)).not.toContain('Simulator (test runs)');
    const csv = (await w.admin('GET', '/v1/exports/well-being')).text;
    expect(csv).toContain('Amina Njeri');
    expect(csv).not.toContain('simulator');

    // Console lists and filter menus
    const listed = await findWorkers(w.em(), workerFilterSchema.parse({}), 25);
    expect(listed.rows.map((r) => r.full_name)).toEqual(['Amina Njeri']);
    expect((await listPrograms(w.em())).map((p) => p.name)).not.toContain('Simulator (test runs)');
    expect((await listFilterChoices(w.em())).programs.map((p) => p.name)).not.toContain('Simulator (test runs)');

    // Segments (rule and static) and broadcasts
    const everyone = await w.admin('POST', '/v1/segments', { name: 'Everyone', rule: { field: 'status', op: 'eq', value: 'active' } });
    expect(everyone.status).toBe(201);
    const members = await w.sql<{ worker_id: string }>(`select worker_id from worker_segment where organization_id = :organization_id and segment_id = :segment`, { segment: everyone.json.id as string });
    expect(members.map((m) => m.worker_id)).toEqual([real.json.id]);
    const handPicked = await w.admin('POST', '/v1/segments', { name: 'By hand' });
    await w.admin('POST', `/v1/segments/${handPicked.json.id as string}/members`, { workerIds: [sim.id, real.json.id] });
    const picked = await w.sql(`select 1 from worker_segment where organization_id = :organization_id and segment_id = :segment`, { segment: handPicked.json.id as string });
    expect(picked).toHaveLength(1);
    const dry = await w.admin('POST', '/v1/broadcasts', { target: { workerIds: [sim.id, real.json.id] }, content: { text: 'Hi' }, dryRun: true });
    expect(dry.json.recipients).toBe(1);
  });

});
