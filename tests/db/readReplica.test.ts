import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProgramAnalytics } from '../../src/analytics/loadProgramAnalytics';
import { startStreamingReplica } from '../../src/cluster/startStreamingReplica';
import { startTempCluster, type TempCluster } from '../../src/cluster/startTempCluster';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { openDatabase, type Database } from '../../src/db/openDatabase';
import { readsFor } from '../../src/db/openReadReplica';
import { Program } from '../../src/db/entities/Program';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { listPrograms } from '../../src/web/programs/loadProgramStats';
import { createOrganization } from '../support/factories';
import { waitFor } from '../support/waitFor';

// A real primary and a real streaming replica (pg_basebackup -R), each a temporary cluster of Debian's PostgreSQL 15.
let primary: TempCluster;
let replica: TempCluster;
let database: Database;
let organizationId: string;

async function replayOnReplica(action: 'pause' | 'resume') {
  await database.replica?.orm.em.getConnection().execute(`select pg_wal_replay_${action}()`);
}

async function createProgram(name: string): Promise<string> {
  const em = forOrganization(database.orm.em, organizationId);
  const program = em.create(Program, { organization: organizationId, name, status: 'active' });
  await em.flush();
  return program.id;
}

beforeAll(async () => {
  primary = await startTempCluster();
  const migrated = await openDatabase({ databaseUrl: primary.urlFor(), dataDir: '', poolSize: 2 });
  await migrateDatabase(migrated);
  await migrated.close();
  replica = await startStreamingReplica(primary);
  database = await openDatabase({ databaseUrl: primary.urlFor(), replicaUrl: replica.urlFor(), dataDir: '', poolSize: 3 });
  organizationId = (await createOrganization(asSystem(database.orm.em, 'test'))).id;
}, 120_000);
afterAll(async () => {
  await database?.close();
  replica?.destroy();
  primary?.destroy();
});

describe('reads that may lag, on a streaming replica', () => {
  it("serve the console's program list from the replica, while the write went to the primary", async () => {
    const reads = readsFor(database.orm, database.replica, organizationId);
    const first = await createProgram('Safety basics');
    await waitFor('the replica to replay the first program', async () => (await listPrograms(reads.em)).some((p) => p.id === first));
    expect(await reads.lagSeconds()).toBe(0);

    // With replay paused, a program written now is on the primary only: the list read does not see it.
    await replayOnReplica('pause');
    try {
      const second = await createProgram('Forklift refresher');
      const fromPrimary = await listPrograms(forOrganization(database.orm.em, organizationId));
      expect(fromPrimary.map((p) => p.id)).toContain(second);
      expect((await listPrograms(reads.em)).map((p) => p.id)).toEqual([first]);
      await waitFor('the lag to show', async () => ((await reads.lagSeconds()) ?? 0) > 0);
    } finally {
      await replayOnReplica('resume');
    }
    await waitFor('the replica to catch up', async () => (await listPrograms(reads.em)).length === 2);
  });

  it('refuse writes on the replica, and analytics rebuild facts on the primary, read them from the replica and say how far behind it is', async () => {
    const reads = readsFor(database.orm, database.replica, organizationId);
    await expect(scopedSql(reads.em, `update programs set name = 'x' where organization_id = :organization_id`)).rejects.toThrow(/read-only transaction/);
    const program = await createProgram('Analytics on the replica');
    await waitFor('the replica to have the program', async () => (await listPrograms(reads.em)).some((p) => p.id === program));
    const em = forOrganization(database.orm.em, organizationId);
    const figures = await loadProgramAnalytics(em, program, {}, new Date(), reads);
    expect(figures.refreshedAt).not.toBeNull();
    expect(figures.replicaLagSeconds).toEqual(expect.any(Number));
    const onPrimaryOnly = await loadProgramAnalytics(em, program, {}, new Date());
    expect(onPrimaryOnly.replicaLagSeconds).toBeNull();
  });
});
