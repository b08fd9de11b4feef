import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Organization } from '../../src/db/entities/Organization';
import { Worker } from '../../src/db/entities/Worker';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { createTwoTenants } from '../support/factories';
import { createTestDatabase, type TestDatabase } from '../support/testDatabase';

let db: TestDatabase;
let orgA: string;
let orgB: string;
let workerOfA: string;

beforeAll(async () => {
  db = await createTestDatabase();
  ({ orgA, orgB, workerOfA } = await createTwoTenants(asSystem(db.orm.em, 'tenancy test setup')));
});
afterAll(() => db.destroy());

describe('tenancy', () => {
  it('hides a worker of organization A from a query made for organization B through the ORM', async () => {
    expect(await forOrganization(db.orm.em, orgA).findOne(Worker, { id: workerOfA })).not.toBeNull();
    expect(await forOrganization(db.orm.em, orgB).findOne(Worker, { id: workerOfA })).toBeNull();
    expect(await forOrganization(db.orm.em, orgB).count(Worker, {})).toBe(0);
    expect(await forOrganization(db.orm.em, orgB).findOne(Organization, { id: orgA })).toBeNull();
  });

  it('hides it through the raw-SQL helper too', async () => {
    const sql = 'select id from workers where organization_id = :organization_id and id = :id';
    expect(await scopedSql(forOrganization(db.orm.em, orgA), sql, { id: workerOfA })).toHaveLength(1);
    expect(await scopedSql(forOrganization(db.orm.em, orgB), sql, { id: workerOfA })).toHaveLength(0);
  });

  it('does not let updates or deletes reach another organization', async () => {
    const affected = await forOrganization(db.orm.em, orgB).nativeUpdate(Worker, { id: workerOfA }, { fullName: 'Hijacked' });
    expect(affected).toBe(0);
    expect(await forOrganization(db.orm.em, orgB).nativeDelete(Worker, { id: workerOfA })).toBe(0);
    const worker = await forOrganization(db.orm.em, orgA).findOneOrFail(Worker, { id: workerOfA });
    expect(worker.fullName).not.toBe('Hijacked');
  });

  it('refuses a query on a tenant table without an organization context', async () => {
    const unscoped = db.orm.em.fork();
    await expect(unscoped.find(Worker, {})).rejects.toThrow(/No arguments provided for filter 'tenant'/);
    await expect(scopedSql(unscoped, 'select * from workers')).rejects.toThrow(/organization or system scope/);
  });

  it('refuses raw SQL in an organization scope that does not filter by organization', async () => {
    await expect(scopedSql(forOrganization(db.orm.em, orgA), 'select * from workers')).rejects.toThrow(/must filter by :organization_id/);
  });

  it('lets a named system context work across organizations', async () => {
    const system = asSystem(db.orm.em, 'test: count all workers');
    expect(await system.count(Worker, {})).toBeGreaterThanOrEqual(1);
    expect(await scopedSql(system, 'select id from workers where id = :id', { id: workerOfA })).toHaveLength(1);
  });
});
