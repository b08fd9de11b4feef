import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { createApiWorld, type ApiWorld } from '../support/apiWorld';
import { bulkWorkersSql } from '../support/publishFlows';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: ApiWorld;
beforeAll(async () => {
  db = await createTestDatabase();
  world = await createApiWorld(db);
  await world.sql(bulkWorkersSql, { offset: 0, count: 120 });
  await world.sql(`update workers set full_name = '=HYPERLINK("x"), "quoted"' where organization_id = :organization_id and phone_number = '+17770000000'`);
  await world.sql(
    `insert into well_being_answers (organization_id, worker_id, value, answered_at)
     select :organization_id, w.id, 1 + (i % 5), now() - (i || ' minutes')::interval from workers w cross join generate_series(1, 100) i where w.organization_id = :organization_id`,
  );
});
afterAll(async () => db.destroy());

describe('CSV exports', () => {
  it('streams 12,000 well-being answers page by page, each once, quoted safely', async () => {
    const answer = await world.call(world.a.keys.program_manager, 'GET', '/v1/exports/well-being');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/csv');
    const rows = parse(answer.text) as string[][];
    expect(rows[0]).toEqual(['id', 'worker_id', 'worker_name', 'program', 'value', 'answered_at']);
    expect(rows).toHaveLength(12_001);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(12_000);
    expect(rows.find((r) => r[2].includes('HYPERLINK'))?.[2]).toBe(`'=HYPERLINK("x"), "quoted"`);
  });

  it('answers an empty export with its header, and refuses an unknown kind', async () => {
    expect((await world.admin('GET', '/v1/exports/reflections')).text).toBe('id,worker_id,worker_name,program,touchpoint,reflection,completed_at\r\n');
    expect((await world.admin('GET', '/v1/exports/salaries')).json.error).toMatchObject({ field: 'kind' });
    expect((await world.call(world.a.keys.coach, 'GET', '/v1/exports/progress')).status).toBe(403);
  });

  it("refuses a programId that is not one of the organization's programs, naming it, rather than an empty file", async () => {
    const [theirs] = await world.sql<{ id: string }>(`insert into programs (organization_id, name, status) values (:organization_id, 'Theirs', 'active') returning id`, {}, world.b.id);
    for (const programId of [theirs.id, '00000000-0000-4000-8000-00000000beef']) {
      const refused = await world.admin('GET', `/v1/exports/progress?programId=${programId}`);
      expect(refused.status).toBe(400);
      expect(refused.json.error).toMatchObject({ code: 'unknown_program', field: 'programId' });
    }
    const [ours] = await world.sql<{ id: string }>(`insert into programs (organization_id, name, status) values (:organization_id, 'Ours', 'active') returning id`);
    expect((await world.admin('GET', `/v1/exports/progress?programId=${ours.id}`)).status).toBe(200);
  });
});
