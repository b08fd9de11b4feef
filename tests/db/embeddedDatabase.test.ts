import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError } from '../../src/db/embedded/lockDataDir';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { openDatabase } from '../../src/db/openDatabase';
import { asSystem } from '../../src/db/tenancy/scopes';
import { Organization } from '../../src/db/entities/Organization';
import { defineTenantStatement } from '../../src/hotPath/tenantStatement';

const dataDir = mkdtempSync(join(tmpdir(), 'coaching-embedded-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the embedded database', () => {
  it('boots, migrates and answers a query; a second opener of the same folder is refused', async () => {
    const database = await openDatabase({ dataDir, poolSize: 4 });
    try {
      expect(database.embedded).toBe(true);
      expect((await migrateDatabase(database)).length).toBeGreaterThan(0);
      const em = asSystem(database.orm.em, 'embedded smoke test');
      em.create(Organization, { name: 'Embedded', type: 'client', subscriptionTier: 'basic', settings: {} });
      await em.flush();
      expect(await asSystem(database.orm.em, 'embedded smoke test').count(Organization, {})).toBe(1);
      await expect(openDatabase({ dataDir, poolSize: 4 })).rejects.toThrow(DataDirInUseError);
    } finally {
      await database.close();
    }
  });

  it("runs the hot path's statements on every connection of its pool at once (they share one session)", async () => {
    const database = await openDatabase({ dataDir, poolSize: 4 });
    try {
      const [organization] = await database.orm.em.getConnection().execute<{ id: string }[]>('select id from organizations limit 1');
      const countWorkers = defineTenantStatement('embedded_count_workers', 'select count(*)::int as n from workers where organization_id = $1 and full_name <> $2');
      const session = database.hot.forOrganization(organization.id);
      // Four transactions at once take four connections; a statement named on one of them was
      // "already exists" (42P05) on the others.
      const counts = await Promise.all([1, 2, 3, 4].map((n) => session.transaction((tx) => tx.run(countWorkers, [`nobody ${n}`]))));
      expect(counts).toEqual([[{ n: 0 }], [{ n: 0 }], [{ n: 0 }], [{ n: 0 }]]);
      expect(database.hot.pool.totalCount).toBe(4);
    } finally {
      await database.close();
    }
  });

  it('takes over a lock left by a process that died', async () => {
    writeFileSync(join(dataDir, 'engine.pid'), '999999');
    const database = await openDatabase({ dataDir, poolSize: 2 });
    try {
      expect(await migrateDatabase(database)).toEqual([]);
    } finally {
      await database.close();
    }
  });
});
