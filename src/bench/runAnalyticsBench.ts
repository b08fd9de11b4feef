import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AnalyticsFilters } from '../analytics/analyticsFilters';
import { countCohort, loadTouchpointFigures } from '../analytics/loadTouchpointFigures';
import { loadAnswerDistribution } from '../analytics/loadAnswerDistribution';
import { loadDeliveryByChannel } from '../analytics/loadDeliveryByChannel';
import { loadProgramAnalytics } from '../analytics/loadProgramAnalytics';
import { loadTouchpointTexts } from '../analytics/loadTouchpointTexts';
import { refreshTouchpointFacts } from '../analytics/refreshTouchpointFacts';
import { scopedSql } from '../db/tenancy/scopedSql';
import { asSystem, forOrganization } from '../db/tenancy/scopes';
import { migrateDatabase } from '../db/migrateDatabase';
import { openDatabase } from '../db/openDatabase';
import { createSecretBox } from '../secrets/secretBox';
import { createBenchDatabase, dropBenchDatabase } from './createBenchDatabase';
import { summarizeLatencies } from './latencySummary';
import { seedAnalyticsProgram } from './seedAnalyticsProgram';
import { setupBenchOrganization } from './setupBenchOrganization';

/**
 * `npm run bench:analytics -- [--workers 100000] [--samples 30]`: one program of that many
 * workers seeded in bulk SQL, its facts rebuilt once (timed), then each figure of the program
 * page and the API read `--samples` times, unfiltered and filtered: p50 and p95 in ms.
 */
const argument = (name: string, fallback: number) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? Number(process.argv[at + 1]) : fallback;
};
const workers = argument('workers', 100_000);
const samples = argument('samples', 30);
const serverUrl = process.env.DATABASE_URL;
const databaseUrl = serverUrl ? await createBenchDatabase(serverUrl, 'coaching_analytics_bench') : undefined;
const database = await openDatabase({ databaseUrl, dataDir: databaseUrl ? '' : mkdtempSync(join(tmpdir(), 'coaching-analytics-bench-')), poolSize: 4 });
try {
  await migrateDatabase(database);
  const start = new Date(Date.UTC(2026, 0, 5, 7));
  const bench = await setupBenchOrganization(database.orm, createSecretBox(randomBytes(32).toString('base64')), 0, start.getTime());
  let started = performance.now();
  const { segmentId } = await seedAnalyticsProgram(database.orm, bench, workers, start);
  const em = () => forOrganization(database.orm.em, bench.organizationId);
  const [{ progress, messages }] = await scopedSql<{ progress: number; messages: number }>(
    em(),
    `select (select count(*)::int from worker_progress where organization_id = :organization_id) as progress, (select count(*)::int from messages where organization_id = :organization_id) as messages`,
  );
  console.log(`seeded ${workers} workers, ${progress} progress rows, ${messages} messages in ${Math.round(performance.now() - started)} ms`);
  started = performance.now();
  const now = new Date(start.getTime() + 86_400_000);
  await refreshTouchpointFacts(em(), bench.programId, now);
  console.log(`facts rebuilt in ${Math.round(performance.now() - started)} ms (the minute job's work for this program)`);
  await scopedSql(asSystem(database.orm.em, 'bench analyze'), 'analyze analytics_touchpoint_facts');

  const program = bench.programId;
  const filters: [string, AnalyticsFilters][] = [
    ['all workers', {}],
    ['segment (a tenth)', { segmentId }],
    ['attribute site=site-3', { attribute: 'site', value: 'site-3' }],
    ['one day', { from: '2026-01-05', to: '2026-01-05' }],
  ];
  const figures: [string, (filters: AnalyticsFilters) => Promise<unknown>][] = [
    ['cohort (enrolled, completed)', (f) => countCohort(em(), program, f)],
    ['touchpoint texts', () => loadTouchpointTexts(em(), program)],
    ['funnel, questions, drop-off per touchpoint', (f) => loadTouchpointFigures(em(), program, f, now)],
    ['answer distribution', (f) => loadAnswerDistribution(em(), program, f)],
    ['delivery by channel', (f) => loadDeliveryByChannel(em(), program, f)],
    ['the whole page (all of the above)', (f) => loadProgramAnalytics(em(), program, f, now)],
  ];
  console.log('\nfigure | filter | p50 ms | p95 ms');
  console.log('---|---|--:|--:');
  for (const [filterName, filter] of filters) {
    for (const [figureName, load] of figures) {
      const durations: number[] = [];
      for (let i = 0; i < samples; i++) {
        const t = performance.now();
        await load(filter);
        durations.push(performance.now() - t);
      }
      const summary = summarizeLatencies(durations);
      console.log(`${figureName} | ${filterName} | ${summary.p50} | ${summary.p95}`);
    }
  }
} finally {
  await database.close();
  if (serverUrl && databaseUrl) await dropBenchDatabase(serverUrl, databaseUrl);
}
