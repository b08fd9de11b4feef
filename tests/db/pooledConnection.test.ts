import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgBouncer, type RunningPgBouncer } from '../../src/cluster/startPgBouncer';
import { ConfigError, loadConfig } from '../../src/config/loadConfig';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { openDatabase, type Database } from '../../src/db/openDatabase';
import { asSystem } from '../../src/db/tenancy/scopes';
import { runPipelined } from '../../src/hotPath/pipelinedQuery';
import { defineTenantStatement } from '../../src/hotPath/tenantStatement';
import { migrationsList } from '../../migrations/migrationsList';
import { createOrganization, createWorker } from '../support/factories';
import { adminQuery, databaseUrl, testServerUrl } from '../support/postgresAdmin';

// PgBouncer (Debian's 1.18, transaction mode) with ONE server connection: every client shares it.
let bouncer: RunningPgBouncer;
const name = `coaching_pooled_${randomBytes(5).toString('hex')}`;
let database: Database;

beforeAll(async () => {
  bouncer = await startPgBouncer({ serverUrl: testServerUrl(), poolSize: 1 });
  await adminQuery(`create database ${name}`);
  database = await openDatabase({ databaseUrl: bouncer.urlFor(name), pooled: true, directUrl: databaseUrl(name), dataDir: '', poolSize: 4 });
});
afterAll(async () => {
  await database?.close();
  await bouncer?.stop();
  await adminQuery(`drop database if exists ${name} with (force)`);
});

const countWorkers = defineTenantStatement('pooled_count_workers', 'select count(*)::int as n from workers where organization_id = $1');

describe('the engine behind PgBouncer in transaction mode', () => {
  it('needs DATABASE_DIRECT_URL with DATABASE_POOLED=true, naming it', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@pooler:6432/x', DATABASE_POOLED: 'true' })).toThrow(ConfigError);
    expect(() => loadConfig({ DATABASE_URL: 'postgres://x@pooler:6432/x', DATABASE_POOLED: 'true' })).toThrow(/DATABASE_DIRECT_URL/);
    const config = loadConfig({ DATABASE_URL: 'postgres://x@pooler:6432/x', DATABASE_POOLED: 'true', DATABASE_DIRECT_URL: 'postgres://x@db:5432/x' });
    expect(config.DATABASE_POOLED).toBe(true);
  });

  it('migrates on the direct connection, then the ORM and the hot path work through the pooler (jit off by its connect_query)', async () => {
    const applied = await migrateDatabase(database);
    expect(applied).toHaveLength(migrationsList.length);
    const em = asSystem(database.orm.em, 'test');
    const organization = await createOrganization(em);
    await createWorker(em, organization.id);
    await createWorker(em, organization.id);
    const session = database.hot.forOrganization(organization.id);
    // Eight steps at once on four client connections sharing one server connection.
    const counts = await Promise.all(Array.from({ length: 8 }, () => session.transaction((tx) => tx.runAndCommit(countWorkers, []))));
    expect(counts.map((rows) => rows[0]?.n)).toEqual(Array(8).fill(2));
    const jit = await em.getConnection().execute<{ jit: string }[]>('show jit');
    expect(jit[0]?.jit).toBe('off');
  });

  it('breaks named prepared statements across client connections (why the pooled hot path sends them unnamed)', async () => {
    const statement = defineTenantStatement('pooled_named_probe', 'select organization_id from (select $1::uuid as organization_id) given where organization_id = $1');
    const pool = new pg.Pool({ connectionString: bouncer.urlFor(name), max: 2 });
    const organizationId = '00000000-0000-4000-8000-000000000001';
    try {
      const first = await pool.connect();
      const second = await pool.connect();
      await runPipelined(first, statement, [organizationId], { named: true });
      // The second client has never parsed it, but the one server connection has.
      await expect(runPipelined(second, statement, [organizationId], { named: true })).rejects.toThrow(/already exists/);
      second.release(true);
      const third = await pool.connect();
      expect(await runPipelined(third, statement, [organizationId], { named: false })).toEqual([{ organization_id: organizationId }]);
      expect(await runPipelined(first, statement, [organizationId], { named: false, before: ['BEGIN'], after: ['COMMIT'] })).toEqual([{ organization_id: organizationId }]);
      first.release();
      third.release();
    } finally {
      await pool.end();
    }
  });
});
