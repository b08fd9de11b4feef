import { mkdtempSync, readdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateDatabase } from '../db/migrateDatabase';
import { openDatabase } from '../db/openDatabase';
import { migratorOf } from '../db/migratorOf';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../db/tenancy/scopes';
import { seedDemo } from '../demo/seedDemo';
import { restoreArchive } from '../history/restoreArchive';
import { runHistoryMaintenance } from '../history/runHistoryMaintenance';
import { monthsFrom } from '../history/partitionMonths';
import { createBenchDatabase, dropBenchDatabase } from './createBenchDatabase';
import { seedMessageHistory } from './seedMessageHistory';

/**
 * `npm run bench:history -- [messages]`: the demo plus 1,000,000 messages (by default) over the last
 * 12 months in an unpartitioned `messages`, then the partitioning migration timed (row count and ids
 * compared before and after), then one history maintenance pass with a 180-day retention timed
 * (half the months exported to CSV and dropped), then every archive file restored (`npm run
 * history -- restore`'s work; rows and ids compared with the start). A table, then the figures as JSON.
 */
const MESSAGES = Number(process.argv[2] ?? 1_000_000);
const RETENTION_DAYS = 180;
const beforePartitioning = 'Migration20261206093000_library_contentLibrary';

const serverUrl = process.env.DATABASE_URL;
const dataDir = mkdtempSync(join(tmpdir(), 'coaching-history-bench-'));
const databaseUrl = serverUrl ? await createBenchDatabase(serverUrl, 'coaching_history') : undefined;
const database = await openDatabase({ databaseUrl, dataDir: databaseUrl ? '' : dataDir, poolSize: 2 });
const seconds = (since: number) => Math.round((performance.now() - since) / 100) / 10;
try {
  await (await migratorOf(database.orm)).up({ to: beforePartitioning });
  const demo = await seedDemo(database.orm.em);
  const system = () => asSystem(database.orm.em.fork(), 'history bench');
  const [channel] = await scopedSql<{ id: string }>(
    system(),
    `insert into channels (organization_id, kind, name, address) values (:org, 'console', 'History bench', 'console:history-bench') returning id`,
    { org: demo.clientOrganizationId },
  );
  const now = new Date();
  const months = monthsFrom(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 11, 1)), 11);
  let started = performance.now();
  const seeded = await seedMessageHistory(forOrganization(database.orm.em.fork(), demo.clientOrganizationId), { channelId: channel.id, workerId: null, months, perMonth: Math.ceil(MESSAGES / months.length) });
  const seedSeconds = seconds(started);
  const fingerprint = async () => (await scopedSql<{ rows: number; ids: string }>(system(), `select count(*)::int as rows, md5(string_agg(id::text, ',' order by id)) as ids from messages`))[0];
  const before = await fingerprint();

  started = performance.now();
  await migrateDatabase(database);
  const migrationSeconds = seconds(started);
  const after = await fingerprint();

  await scopedSql(system(), `update organizations set settings = settings || '{"historyRetentionDays": ${RETENTION_DAYS}}' where id = :org`, { org: demo.clientOrganizationId });
  started = performance.now();
  const maintenance = await runHistoryMaintenance(system(), now, join(dataDir, 'archive'));
  const maintenanceSeconds = seconds(started);
  const archivedRows = Object.values(maintenance.archived).reduce((sum, rows) => sum + rows, 0);
  const left = (await fingerprint()).rows;

  const archiveFolder = join(dataDir, 'archive', demo.clientOrganizationId);
  started = performance.now();
  let restoredRows = 0;
  for (const file of readdirSync(archiveFolder)) restoredRows += (await restoreArchive(system(), join(archiveFolder, file), demo.clientOrganizationId)).inserted;
  const restoreSeconds = seconds(started);
  const restored = await fingerprint();

  const figures = {
    ranAt: now.toISOString(),
    database: databaseUrl ? 'PostgreSQL (DATABASE_URL)' : 'embedded PostgreSQL',
    loadAverage1m: loadavg()[0],
    messages: seeded,
    seedSeconds,
    migrationSeconds,
    rowsEqual: before.rows === after.rows && before.ids === after.ids,
    retentionDays: RETENTION_DAYS,
    maintenanceSeconds,
    monthsDropped: maintenance.dropped.length,
    rowsArchivedOneByOne: archivedRows,
    rowsLeft: left,
    restoredRows,
    restoreSeconds,
    restoredEqual: restored.rows === before.rows && restored.ids === before.ids,
  };
  console.log(`| step | rows | seconds |\n|---|---|---|`);
  console.log(`| seed (unpartitioned) | ${seeded} | ${seedSeconds} |`);
  console.log(`| partitioning migration (rows and ids equal: ${figures.rowsEqual ? 'yes' : 'NO'}) | ${after.rows} | ${migrationSeconds} |`);
  console.log(`| retention ${RETENTION_DAYS} days: ${maintenance.dropped.length} months dropped, ${archivedRows} rows one by one | ${seeded - left} | ${maintenanceSeconds} |`);
  console.log(`| restore of the archive (rows and ids equal to the start: ${figures.restoredEqual ? 'yes' : 'NO'}) | ${restoredRows} | ${restoreSeconds} |`);
  console.log(JSON.stringify(figures, null, 2));
  if (!figures.rowsEqual || !figures.restoredEqual) process.exitCode = 1;
} finally {
  await database.close();
  if (serverUrl && databaseUrl) await dropBenchDatabase(serverUrl, databaseUrl);
}
