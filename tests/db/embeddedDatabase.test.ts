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

  it("runs the hot path's transactions and the ORM's statements at once, each answered its own rows (one session behind them)", async () => {
    const database = await openDatabase({ dataDir, poolSize: 4 });
    try {
      const [organization] = await database.orm.em.getConnection().execute<{ id: string }[]>('select id from organizations limit 1');
      const echo = defineTenantStatement('embedded_echo', 'select $2::text as said where not exists (select 1 from workers where organization_id = $1 and full_name = $2)');
      const session = database.hot.forOrganization(organization.id);
      const connection = database.orm.em.getConnection();
      const said = await Promise.all(Array.from({ length: 40 }, (_, n) =>
        n % 2 === 0
          ? session.transaction(async (tx) => (await tx.runAndCommit(echo, [`hot ${n}`]))[0]?.said)
          : connection.execute<{ said: string }[]>('select ?::text as said', [`orm ${n}`]).then((rows) => rows[0]?.said),
      ));
      // Before, a name prepared on one connection was "already exists" (42P05) on the next, and an
      // unnamed statement parsed on one connection could be replaced by another's before its Bind.
      expect(said).toEqual(Array.from({ length: 40 }, (_, n) => `${n % 2 === 0 ? 'hot' : 'orm'} ${n}`));
    } finally {
      await database.close();
    }
  });

  it("names the hot path's statements, and a connection replacing a discarded one finds none of its names left in the shared session", async () => {
    const database = await openDatabase({ dataDir, poolSize: 4 });
    try {
      const [organization] = await database.orm.em.getConnection().execute<{ id: string }[]>('select id from organizations limit 1');
      const echo = defineTenantStatement('embedded_named_echo', 'select $2::text as said where not exists (select 1 from workers where organization_id = $1 and full_name = $2)');
      const session = database.hot.forOrganization(organization.id);
      const say = (text: string) => session.transaction(async (tx) => (await tx.runAndCommit(echo, [text]))[0]?.said);
      expect(await say('first')).toBe('first');
      const [{ prepared }] = await database.orm.em.getConnection().execute<{ prepared: number }[]>(
        "select count(*)::int as prepared from pg_prepared_statements where name = 'embedded_named_echo'",
      );
      expect(prepared).toBe(1);
      // A connection is discarded (as after a failed step): the next one parses the name again.
      const discarded = await database.hot.pool.connect();
      discarded.release(true);
      expect(await say('second')).toBe('second');
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
