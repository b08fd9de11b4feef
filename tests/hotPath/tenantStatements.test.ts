import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { asSystem } from '../../src/db/tenancy/scopes';
import { defineTenantStatement, TenantStatementError } from '../../src/hotPath/tenantStatement';
import { createTwoTenants } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let orgA: string;
let orgB: string;
let workerOfA: string;

beforeAll(async () => {
  db = await createTestDatabase();
  ({ orgA, orgB, workerOfA } = await createTwoTenants(asSystem(db.orm.em, 'test setup')));
});
afterAll(() => db.destroy());

const readWorker = defineTenantStatement('test_read_worker', 'select id, full_name from workers where organization_id = $1 and id = $2::uuid');
const renameWorker = defineTenantStatement('test_rename_worker', 'update workers set full_name = $3 where organization_id = $1 and id = $2::uuid returning id');

describe('tenant statements on the hot path', () => {
  it('are refused when their text does not filter by organization_id = $1', () => {
    expect(() => defineTenantStatement('no_filter', 'select id from workers where id = $2')).toThrow(TenantStatementError);
    expect(() => defineTenantStatement('other_parameter', 'select id from workers where organization_id = $2')).toThrow(/organization_id = \$1/);
    expect(() => defineTenantStatement('parameter_ten', 'select id from workers where organization_id = $10')).toThrow(TenantStatementError);
  });

  it('run only in a session of an organization, which binds it as $1', async () => {
    expect(() => db.hot.forOrganization('')).toThrow(/organization id/);
    expect(() => db.hot.forOrganization("x' or true --")).toThrow(/organization id/);
    const rows = await db.hot.forOrganization(orgA).transaction((tx) => tx.run(readWorker, [workerOfA]));
    expect(rows).toEqual([expect.objectContaining({ id: workerOfA })]);
  });

  it("never read or write another organization's row", async () => {
    const session = db.hot.forOrganization(orgB);
    expect(await session.transaction((tx) => tx.run(readWorker, [workerOfA]))).toEqual([]);
    expect(await session.transaction((tx) => tx.runAndCommit(renameWorker, [workerOfA, 'Taken over']))).toEqual([]);
    const [own] = await db.hot.forOrganization(orgA).transaction((tx) => tx.run(readWorker, [workerOfA]));
    expect(own.full_name).not.toBe('Taken over');
  });

  it('roll back what a failed transaction wrote, and commit what ended with runAndCommit', async () => {
    const session = db.hot.forOrganization(orgA);
    await expect(
      session.transaction(async (tx) => {
        await tx.run(renameWorker, [workerOfA, 'Rolled back']);
        throw new Error('the step failed');
      }),
    ).rejects.toThrow('the step failed');
    expect((await session.transaction((tx) => tx.run(readWorker, [workerOfA])))[0].full_name).not.toBe('Rolled back');
    await session.transaction(async (tx) => {
      await tx.run(readWorker, [workerOfA]);
      await tx.runAndCommit(renameWorker, [workerOfA, 'Renamed']);
    });
    expect((await session.transaction((tx) => tx.run(readWorker, [workerOfA])))[0].full_name).toBe('Renamed');
  });

  // Behind the run's pooler (PgBouncer refuses the `options` startup parameter) every statement is
  // parsed unnamed, so there is no plan to keep and the setting is not asked for.
  it('are planned once per connection (a generic plan) on a direct connection, not custom-planned five times first', async () => {
    const pooled = inject('testPoolerPort') > 0;
    const client = await db.hot.pool.connect();
    try {
      const { rows: [mode] } = await client.query<{ plan_cache_mode: string }>('show plan_cache_mode');
      expect(mode.plan_cache_mode).toBe(pooled ? 'auto' : 'force_generic_plan');
      if (pooled) return;
      const statement = { name: 'test_plan_count', text: 'select id from workers where organization_id = $1 and id = $2::uuid' };
      for (let run = 0; run < 6; run++) await client.query({ ...statement, values: [orgA, workerOfA] });
      const { rows } = await client.query<{ generic_plans: string; custom_plans: string }>('select generic_plans, custom_plans from pg_prepared_statements where name = $1', [statement.name]);
      expect(rows.map((row) => ({ generic: Number(row.generic_plans), custom: Number(row.custom_plans) }))).toEqual([{ generic: 6, custom: 0 }]);
    } finally {
      client.release();
    }
  });
});
