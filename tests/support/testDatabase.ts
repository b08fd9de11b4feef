import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { openDatabase, type Database } from '../../src/db/openDatabase';
import { adminQuery, databaseUrl } from './postgresAdmin';

export interface TestDatabase extends Database {
  /** Where the pools connect: the run's PgBouncer when there is one, else the server. */
  url: string;
  /** The server itself, never the pooler: where to LISTEN. */
  directUrl: string;
  /** The settings an engine process needs to reach this database the same way. */
  engineEnv: { DATABASE_URL: string; DATABASE_POOLED: string; DATABASE_DIRECT_URL: string };
  /** Closes the ORM and drops the database. */
  destroy(): Promise<void>;
}

function pooledUrl(directUrl: string, port: number): string {
  const url = new URL(directUrl);
  url.hostname = '127.0.0.1';
  url.port = String(port);
  return url.toString();
}

/** A fresh, migrated database cloned from the run's template. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `coaching_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(`create database ${name} template ${inject('templateDatabase')}`);
  const directUrl = databaseUrl(name);
  const poolerPort = inject('testPoolerPort');
  const url = poolerPort ? pooledUrl(directUrl, poolerPort) : directUrl;
  const database = await openDatabase({ databaseUrl: url, pooled: poolerPort > 0, directUrl, dataDir: '', poolSize: 5 });
  return {
    ...database,
    url,
    directUrl,
    engineEnv: { DATABASE_URL: url, DATABASE_POOLED: String(poolerPort > 0), DATABASE_DIRECT_URL: directUrl },
    async destroy() {
      await database.close();
      await adminQuery(`drop database if exists ${name} with (force)`);
    },
  };
}
