import type { Database } from '../../src/db/openDatabase';

/** Every foreign key of the schema by name, sorted (a partitioned table's once). */
export async function foreignKeyNames(database: Database): Promise<string[]> {
  const rows = await database.orm.em.getConnection().execute<{ name: string }[]>(
    `select conname as name from pg_constraint where contype = 'f' and conparentid = 0 order by conname`,
  );
  return rows.map((row) => row.name);
}
