import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPendingConversations } from '../../src/programs/enrollProgram';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { bulkWorkersSql, publishFlows } from '../support/publishFlows';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ApiWorld;
const tasks: Promise<unknown>[] = [];
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db, { runInBackground: (_name, task) => void tasks.push(task()), enrollConcurrency: 3 });
  await publishFlows(world.em(), ['onboarding', 'safety-training']);
});
afterAll(async () => db.destroy());

const WORKERS = 2_000;

describe('programs', () => {
  it('refuses unknown blueprints and segments, naming the field', async () => {
    const bad = await world.admin('POST', '/v1/programs', { name: 'P', blueprints: ['onboarding', 'nope'] });
    expect(bad.json.error).toMatchObject({ code: 'unknown_blueprint', field: 'blueprints.1' });
    const dates = await world.admin('POST', '/v1/programs', { name: 'P', blueprints: ['onboarding'], startDate: '2026-12-02', endDate: '2026-12-01' });
    expect(dates.json.error).toMatchObject({ field: 'endDate' });
  });

  it('enrolls a segment of a thousand workers (of 2,000) and starts every conversation once', async () => {
    await world.sql(bulkWorkersSql, { offset: 0, count: WORKERS });
    await world.sql(`update workers set status = 'opted_out' where organization_id = :organization_id and phone_number in ('+17770000000', '+17770000002')`);
    const segment = await world.admin('POST', '/v1/segments', { name: 'Nairobi', rule: { attribute: 'site', op: 'eq', value: 'Nairobi' } });
    expect(segment.json.memberCount).toBe(WORKERS / 2);
    const program = await world.admin('POST', '/v1/programs', { name: 'New starters', blueprints: ['onboarding', 'safety-training'], segmentIds: [segment.json.id] });
    expect(program.status).toBe(201);
    const programId = String(program.json.id);
    expect((await world.admin('POST', `/v1/programs/${programId}/enroll`, {})).json.error).toMatchObject({ code: 'program_not_active' });
    expect((await world.admin('POST', `/v1/programs/${programId}/activate`)).json).toEqual({ status: 'active' });

    const started = performance.now();
    const enrolled = await world.admin('POST', `/v1/programs/${programId}/enroll`, { workerIds: [] });
    expect(enrolled.status).toBe(202);
    expect(enrolled.json).toMatchObject({ assigned: WORKERS / 2 - 2, startingInBackground: true });
    await Promise.all(tasks.splice(0));
    const ms = performance.now() - started;

    const [counts] = await world.sql<{ conversations: number; workers: number; outbound: number; per_worker_max: number }>(
      `select count(*)::int as conversations, count(distinct c.worker_id)::int as workers,
              (select count(*)::int from messages m where m.organization_id = :organization_id and m.direction = 'outbound') as outbound,
              (select max(n)::int from (select count(*) as n from conversations x where x.organization_id = :organization_id group by x.worker_id) per) as per_worker_max
         from conversations c where c.organization_id = :organization_id`,
    );
    expect(counts).toMatchObject({ conversations: WORKERS / 2 - 2, workers: WORKERS / 2 - 2, per_worker_max: 1 });
    expect(counts.outbound).toBeGreaterThanOrEqual(WORKERS / 2 - 2);
    console.info(`enrolled and started ${WORKERS / 2 - 2} conversations in ${Math.round(ms)} ms`);

    const again = await world.admin('POST', `/v1/programs/${programId}/enroll`, {});
    expect(again.json).toMatchObject({ assigned: 0, started: 0 });
    const progress = await world.call(world.a.keys.coach, 'GET', `/v1/programs/${programId}/progress`);
    expect(progress.json.assignments).toEqual({ active: WORKERS / 2 - 2 });
    expect((progress.json.funnel as { blueprint: string }[])[0]).toMatchObject({ blueprint: 'onboarding' });
  }, 60_000); // about 13 s on an idle two-core machine; room for a loaded one

  it('a catch-up run racing the enrollment still starts each conversation once', async () => {
    await world.sql(bulkWorkersSql, { offset: 100_000, count: 300 });
    const program = await world.admin('POST', '/v1/programs', { name: 'Race', blueprints: ['safety-training'] });
    const programId = String(program.json.id);
    await world.admin('POST', `/v1/programs/${programId}/activate`);
    const workerIds = (await world.sql<{ id: string }>(`select id from workers where organization_id = :organization_id and phone_number >= '+17770100000' order by id`)).map((r) => r.id);
    const enrolled = await world.admin('POST', `/v1/programs/${programId}/enroll`, { useProgramSegments: false, workerIds });
    expect(enrolled.json).toMatchObject({ assigned: 300, startingInBackground: true });
    const [catchUp] = await Promise.all([startPendingConversations(world.em(), programId, { at: world.clock.now(), concurrency: 2 }), ...tasks.splice(0)]);
    const [counts] = await world.sql<{ conversations: number; workers: number }>(
      `select count(*)::int as conversations, count(distinct c.worker_id)::int as workers from conversations c
        join worker_assignments wa on wa.id = c.worker_assignment_id where c.organization_id = :organization_id and wa.program_id = :program`,
      { program: programId },
    );
    expect(counts).toEqual({ conversations: 300, workers: 300 });
    expect(catchUp.started).toBeLessThan(300);
  });

  it('takes as many listed workers as the body limit admits, naming the list when it is longer', async () => {
    const program = await world.admin('POST', '/v1/programs', { name: 'Listed', blueprints: ['onboarding'] });
    const id = String(program.json.id);
    await world.admin('POST', `/v1/programs/${id}/activate`);
    const listed = (n: number) => Array.from({ length: n }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const most = await world.admin('POST', `/v1/programs/${id}/enroll`, { useProgramSegments: false, workerIds: listed(25_000) });
    expect(most.json.error).toMatchObject({ field: 'workerIds.0' });
    for (const [path, body] of [['enroll', { useProgramSegments: false, workerIds: listed(25_001) }], ['unenroll', { workerIds: listed(25_001), reason: 'Left' }]] as const) {
      const over = await world.admin('POST', `/v1/programs/${id}/${path}`, body);
      expect(over.status).toBe(400);
      expect(over.json.error).toMatchObject({ field: 'workerIds', message: expect.stringContaining('at most 25000 workers') });
    }
  });

  it('moves through pause, resume and complete, refusing the wrong order', async () => {
    const program = await world.admin('POST', '/v1/programs', { name: 'Short', blueprints: ['onboarding'] });
    const id = String(program.json.id);
    expect((await world.admin('POST', `/v1/programs/${id}/pause`)).json.error).toMatchObject({ code: 'invalid_transition' });
    await world.admin('POST', `/v1/programs/${id}/activate`);
    const worker = await world.admin('POST', '/v1/workers', { fullName: 'Solo', phoneNumber: '+15558880000' });
    expect((await world.admin('POST', `/v1/programs/${id}/enroll`, { workerIds: [worker.json.id] })).json).toMatchObject({ assigned: 1, started: 1 });
    expect((await world.admin('POST', `/v1/programs/${id}/pause`)).json).toEqual({ status: 'paused' });
    expect((await world.admin('POST', `/v1/programs/${id}/resume`)).json).toEqual({ status: 'active' });
    expect((await world.admin('POST', `/v1/programs/${id}/complete`)).json).toEqual({ status: 'completed' });
    const [assignment] = await world.sql<{ status: string }>(`select status from worker_assignments where organization_id = :organization_id and program_id = :id`, { id });
    expect(assignment.status).toBe('completed');
    expect((await world.admin('DELETE', `/v1/programs/${id}`)).status).toBe(409);
  });

  it("refuses unknown segment and worker ids, another organization's alike, naming the field", async () => {
    const program = await world.admin('POST', '/v1/programs', { name: 'Listed', blueprints: ['onboarding'] });
    const id = String(program.json.id);
    await world.admin('POST', `/v1/programs/${id}/activate`);
    const ours = await world.admin('POST', '/v1/workers', { fullName: 'Ours', phoneNumber: '+15558880001' });
    const theirs = (path: string, body: unknown) => world.call(world.b.keys.org_admin, 'POST', path, body);
    const theirWorker = await theirs('/v1/workers', { fullName: 'Theirs', phoneNumber: '+15558880002' });
    const theirSegment = await theirs('/v1/segments', { name: 'Theirs', rule: { attribute: 'site', op: 'eq', value: 'Nairobi' } });
    const missing = '00000000-0000-4000-8000-00000000beef';
    for (const [body, code, field, wrongId] of [
      [{ useProgramSegments: false, segmentIds: [missing] }, 'unknown_segment', 'segmentIds.0', missing],
      [{ useProgramSegments: false, segmentIds: [theirSegment.json.id] }, 'unknown_segment', 'segmentIds.0', theirSegment.json.id],
      [{ workerIds: [ours.json.id, missing] }, 'unknown_worker', 'workerIds.1', missing],
      [{ workerIds: [ours.json.id, theirWorker.json.id] }, 'unknown_worker', 'workerIds.1', theirWorker.json.id],
    ] as const) {
      const refused = await world.admin('POST', `/v1/programs/${id}/enroll`, body);
      expect(refused.status).toBe(400);
      expect(refused.json.error).toEqual({ code, field, message: `No ${code.slice('unknown_'.length)} of your organization has the id ${String(wrongId)}` });
    }
    const [{ n }] = await world.sql<{ n: number }>(`select count(*)::int as n from worker_assignments where organization_id = :organization_id and program_id = :id`, { id });
    expect(n).toBe(0);
    // Programs' target segments are checked alike.
    const created = await world.admin('POST', '/v1/programs', { name: 'Theirs', blueprints: ['onboarding'], segmentIds: [theirSegment.json.id] });
    expect(created.json.error).toMatchObject({ code: 'unknown_segment', field: 'segmentIds.0' });
    const patched = await world.admin('PATCH', `/v1/programs/${id}`, { segmentIds: [missing] });
    expect(patched.json.error).toMatchObject({ code: 'unknown_segment', field: 'segmentIds.0' });
  });
});
