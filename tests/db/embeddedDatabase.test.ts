import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DataDirInUseError } from '../../src/db/embedded/lockDataDir';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { openDatabase } from '../../src/db/openDatabase';
import { asSystem } from '../../src/db/tenancy/scopes';
import { Organization } from '../../src/db/entities/Organization';

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
