import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/openDatabase';
import { adminQuery, databaseUrl } from './postgresAdmin';

export interface TestDatabase extends Database {
  url: string;
  /** Closes the ORM and drops the database. */
  destroy(): Promise<void>;
}

/** A fresh, migrated database cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `coaching_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name} template ${inject('templateDatabase')}`);
  const url = databaseUrl(name);
  const database = await openDatabase({ databaseUrl: url, dataDir: '', poolSize: 5 });
  return {
    ...database,
    url,
    async destroy() {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
