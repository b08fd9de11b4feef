import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { seedMessageHistory } from '../../src/bench/seedMessageHistory';
import { migrateDatabase } from '../../src/db/migrateDatabase';
import { openDatabase } from '../../src/db/openDatabase';
import { asSystem, forOrganization } from '../../src/db/tenancy/scopes';
import { scopedSql } from '../../src/db/tenancy/scopedSql';
import { ensureMessagePartitions } from '../../src/history/ensureMessagePartitions';
import { runHistoryMaintenance } from '../../src/history/runHistoryMaintenance';
import { createConsoleChannel, createOrganization } from '../support/factories';

const dataDir = mkdtempSync(join(tmpdir(), 'coaching-embedded-history-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('the partitioned history on the embedded database', () => {
  it('migrates to month partitions, creates one ahead, and archives a month past retention', async () => {
    const database = await openDatabase({ dataDir, poolSize: 2 });
    try {
      await migrateDatabase(database);
      const system = () => asSystem(database.orm.em.fork(), 'embedded history');
      const organizationId = (await createOrganization(system())).id;
      const channelId = (await createConsoleChannel(system(), organizationId, { name: 'Embedded' })).id;
      await seedMessageHistory(forOrganization(database.orm.em.fork(), organizationId), { channelId, workerId: null, months: ['2026-06-01'], perMonth: 4 });
      expect(await ensureMessagePartitions(system(), new Date(Date.UTC(2026, 5, 1)), 0)).toEqual(['2026-06-01']);
      await scopedSql(system(), `update organizations set settings = '{"historyRetentionDays": 30}' where id = :org`, { org: organizationId });

      const done = await runHistoryMaintenance(system(), new Date(Date.UTC(2027, 0, 15)), join(dataDir, 'archive'));
      // Empty months already over go too (the ones the migration created around today's date).
      expect(done.dropped).toContain('messages_p2026_06');
      expect(existsSync(join(dataDir, 'archive', organizationId, 'messages_p2026_06.csv'))).toBe(true);
      expect(await scopedSql(system(), 'select count(*)::int as left from messages')).toEqual([{ left: 0 }]);
    } finally {
      await database.close();
    }
  }, 300_000);
});
