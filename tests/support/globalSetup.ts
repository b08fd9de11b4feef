import type { TestProject } from 'vitest/node';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { openDatabase } from '../../src/db/openDatabase';
import { startPgBouncer, type RunningPgBouncer } from '../../src/cluster/startPgBouncer';
import { chooseTestServer } from './chooseTestServer';
import { adminQuery, databaseUrl } from './postgresAdmin';
import { probePostgres } from './probePostgres';
import { startEmbeddedTestServer } from './startEmbeddedTestServer';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
    testServerUrl: string;
    /** Port of the run's PgBouncer (transaction mode) in front of the server, 0 without one (`TEST_DATABASE_POOLER=pgbouncer`). */
    testPoolerPort: number;
  }
}

/**
 * Picks the run's PostgreSQL server (starting an embedded one when none is configured or
 * reachable) and migrates one template database on it; each test file clones it (fast). With
 * `TEST_DATABASE_POOLER=pgbouncer` each test database is used through PgBouncer in transaction mode.
 */
export default async function setup(project: TestProject) {
  const choice = await chooseTestServer(process.env, probePostgres);
  const { url: server, stop } = choice.server === 'embedded' ? await startEmbeddedTestServer() : { url: choice.url, stop: undefined };
  console.log(`Tests use ${stop ? 'an embedded PostgreSQL' : 'PostgreSQL'} on ${new URL(server).host} (${choice.why}).`);
  const template = `coaching_template_${process.pid}_${Date.now()}`;
  try {
    await adminQuery(`create database ${template}`, server);
    const database = await openDatabase({ databaseUrl: databaseUrl(template, server), dataDir: '', poolSize: 2 });
    try {
      await migrateDatabase(database);
    } finally {
      await database.close();
    }
  } catch (error) {
    await stop?.();
    throw error;
  }
  let pooler: RunningPgBouncer | undefined;
  if (process.env.TEST_DATABASE_POOLER === 'pgbouncer') {
    pooler = await startPgBouncer({ serverUrl: server });
    console.log(`Test databases are used through PgBouncer (transaction mode) on port ${pooler.port}.`);
  } else if (process.env.TEST_DATABASE_POOLER) {
    throw new Error(`TEST_DATABASE_POOLER must be "pgbouncer" or unset, not '${process.env.TEST_DATABASE_POOLER}'`);
  }
  project.provide('testServerUrl', server);
  project.provide('templateDatabase', template);
  project.provide('testPoolerPort', pooler?.port ?? 0);
  return async () => {
    await pooler?.stop();
    if (stop) await stop();
    else await adminQuery(`drop database if exists ${template} with (force)`, server);
  };
}
