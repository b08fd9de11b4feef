import { afterAll, beforeAll } from 'vitest';
import { openDatabase, type Database } from '../../src/db/openDatabase';
import { adminQuery, databaseUrl } from './postgresAdmin';

/**
 * A database of this file's own, created empty (not from the migrated template) in `beforeAll` and
 * dropped in `afterAll`: for migration tests, which choose where the schema starts.
 */
export function useEmptyDatabase(prefix: string, poolSize = 2): { database: () => Database; url: string } {
  const name = `${prefix}_${process.pid}_${Date.now()}`;
  let database: Database | undefined;
  beforeAll(async () => {
    await adminQuery(`create database ${name}`);
    database = await openDatabase({ databaseUrl: databaseUrl(name), dataDir: '', poolSize });
  });
  afterAll(async () => {
    await database?.close();
    await adminQuery(`drop database if exists ${name} with (force)`);
  });
  return {
    database: () => {
      if (!database) throw new Error('the empty database is opened in beforeAll');
      return database;
    },
    url: databaseUrl(name),
  };
}
