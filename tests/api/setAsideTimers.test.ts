import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { publishFlows } from '../support/publishFlows';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ApiWorld;
let workerId: string;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db);
  await publishFlows(world.em(), ['onboarding']);
  workerId = String((await world.admin('POST', '/v1/workers', { fullName: 'Amina Njeri', phoneNumber: '+15556000001' })).json.id);
  const programId = String((await world.admin('POST', '/v1/programs', { name: 'P', blueprints: ['onboarding'] })).json.id);
  await world.admin('POST', `/v1/programs/${programId}/activate`);
  await world.admin('POST', `/v1/programs/${programId}/enroll`, { workerIds: [workerId] });
  // What the timer tick leaves after the last failed attempt (tests/scheduler/poisonedTimer.test.ts plays it).
  await world.sql(
    `insert into timers (organization_id, conversation_id, send_id, event, due_at, created_at, attempts, last_error, set_aside_at)
     select :organization_id, c.id, 'reminder', '{"type": "reminder"}', now(), now(), 8, 'no channel to reach worker', now()
       from conversations c where c.organization_id = :organization_id and c.worker_id = :worker`,
    { worker: workerId },
  );
});
afterAll(async () => db.destroy());

describe('set-aside timers', () => {
  it("are listed with their error to the organization's admins only", async () => {
    const answer = await world.admin('GET', '/v1/timers/set-aside');
    expect(answer.status).toBe(200);
    expect(answer.json).toEqual({ timers: [expect.objectContaining({ workerId, workerName: 'Amina Njeri', sendId: 'reminder', attempts: 8, lastError: 'no channel to reach worker' })] });
    expect((await world.call(world.b.keys.org_admin, 'GET', '/v1/timers/set-aside')).json).toEqual({ timers: [] });
    expect((await world.call(world.a.keys.program_manager, 'GET', '/v1/timers/set-aside')).status).toBe(403);
    const tooMany = await world.admin('GET', '/v1/timers/set-aside?limit=100000');
    expect(tooMany.status).toBe(400);
  });
});
