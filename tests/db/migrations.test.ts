import { describe, expect, it } from 'vitest';
import { migratorOf } from '../../src/db/migratorOf';
import { migrateDatabase, pendingMigrations } from '../../src/db/migrateDatabase';
import { openDatabase, type Database } from '../../src/db/openDatabase';
import { useEmptyDatabase } from '../support/useEmptyDatabase';

const seedTables = [
  'organizations', 'users', 'workers', 'segments', 'worker_segment', 'content', 'journey_blueprints', 'phases',
  'touchpoints', 'programs', 'program_blueprints', 'worker_assignments', 'worker_progress', 'experiments',
  'experiment_variants', 'experiment_assignments', 'badges', 'worker_badges',
];

async function tableNames(database: Database): Promise<string[]> {
  const rows = await database.orm.em.getConnection().execute<{ table_name: string }[]>(
    `select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations'`,
  );
  return rows.map((row) => row.table_name).sort();
}

describe('migrations on an empty real PostgreSQL database', () => {
  const { database, url } = useEmptyDatabase('coaching_migrations', 4);

  it('apply every seed table, then roll back to nothing, then apply again', { timeout: 120_000 }, async () => {
    expect(await tableNames(database())).toEqual([]);
    const applied = await migrateDatabase(database());
    expect(applied.length).toBeGreaterThan(0);
    expect(await pendingMigrations(database())).toEqual([]);
    const tables = await tableNames(database());
    for (const table of seedTables) expect(tables).toContain(table);

    await (await migratorOf(database().orm)).down({ to: 0 });
    expect(await tableNames(database())).toEqual([]);

    await migrateDatabase(database());
    expect(await tableNames(database())).toEqual(tables);
  });

  it('migrate once when several instances start at the same time', async () => {
    await (await migratorOf(database().orm)).down({ to: 0 });
    const instances = await Promise.all(
      [1, 2, 3].map(() => openDatabase({ databaseUrl: url, dataDir: '', poolSize: 2 })),
    );
    try {
      const results = await Promise.all(instances.map((instance) => migrateDatabase(instance)));
      const applyingInstances = results.filter((applied) => applied.length > 0);
      expect(applyingInstances).toHaveLength(1);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });
});
