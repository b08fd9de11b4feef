import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { buildWorkerQuery, findWorkers, workerFilterSchema } from '../../src/web/workers/findWorkers';
import { createEngineWorld, type EngineWorld } from '../support/engineWorld';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let world: EngineWorld;
const workerCount = 100_000;

beforeAll(async () => {
  db = await createTestDatabase();
  world = await createEngineWorld(db, { flow: 'onboarding' });
  await world.sql(
    `insert into workers (organization_id, full_name, phone_number, attributes, status, well_being_score)
     select :organization_id, initcap(md5(i::text)), '+2547' || lpad(i::text, 8, '0'), '{}', case when i % 50 = 0 then 'opted_out' else 'active' end, 1 + i % 5
       from generate_series(1, ${workerCount}) i`,
  );
  await db.orm.em.getConnection().execute('analyze workers');
}, 60_000);
afterAll(() => db?.destroy());

const filters = (query: Record<string, string>) => workerFilterSchema.parse(query);

async function plan(query: Record<string, string>): Promise<string> {
  const { sql, params } = buildWorkerQuery(filters(query), 25);
  const rows = await scopedSql<{ 'QUERY PLAN': string }>(world.em(), `explain ${sql}`, params);
  return rows.map((r) => r['QUERY PLAN']).join('\n');
}

describe(`the worker list on ${workerCount.toLocaleString('en')} workers`, () => {
  it('reads every page shape through an index, never a scan of the workers table nor a sort', async () => {
    const first = await findWorkers(world.em(), filters({}), 25);
    const shapes: Record<string, string>[] = [{}, { after: first.next ?? '' }, { q: 'ab' }, { q: '+25470001' }, { status: 'opted_out' }, { low: '1' }, { handoff: '1' }, { q: 'ab', low: '1' }];
    for (const shape of shapes) {
      const text = await plan(shape);
      expect(text, JSON.stringify(shape)).not.toMatch(/Seq Scan on workers/);
      expect(text, JSON.stringify(shape)).toMatch(/Index Scan using workers_list_/);
      expect(text, JSON.stringify(shape)).not.toMatch(/Sort/);
    }
  });

  it('pages by name without gaps or repeats', async () => {
    const seen = new Set<string>();
    let after = '';
    for (let page = 0; page < 4; page++) {
      const { rows, next } = await findWorkers(world.em(), filters({ q: 'a', after }), 25);
      for (const row of rows) {
        expect(seen.has(row.id)).toBe(false);
        seen.add(row.id);
      }
      // Ordered by the lower-cased name, byte order (the index's order).
      const names = rows.map((r) => r.full_name.toLowerCase());
      expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
      expect(names.every((n) => n.startsWith('a'))).toBe(true);
      after = next ?? '';
    }
    expect(seen.size).toBe(100);
    const phone = await findWorkers(world.em(), filters({ q: '+25470000012' }), 25);
    expect(phone.rows.map((r) => r.phone_number)).toEqual(Array.from({ length: 10 }, (_, i) => `+25470000012${i}`));
  });
});
