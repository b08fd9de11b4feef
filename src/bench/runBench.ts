import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretBox } from '../secrets/secretBox';
import { migrateDatabase } from '../db/migrateDatabase';
import { openDatabase, type DatabaseSettings } from '../db/openDatabase';
import { asSystem } from '../db/tenancy/scopes';
import { startTwilioApiFake } from '../../tests/fakes/startTwilioApiFake';
import { readBenchOptions } from './benchOptions';
import { addHistoryMonths } from './addHistoryMonths';
import { createBenchDatabase, dropBenchDatabase } from './createBenchDatabase';
import type { ProviderCall } from './measureReplyLatency';
import { printBenchTable, type BenchResults } from './printBenchTable';
import { runInstancesPoint } from './runInstancesPoint';
import { runClosedLoopPair, runOpenLoopPair, type ClosedLoopPair, type QuizPhaseSettings } from './runQuizPhases';
import { runScaleCurve } from './runScaleCurve';
import { setupBenchOrganization } from './setupBenchOrganization';
import { setupQuizBench } from './setupQuizBench';
import { startBenchGraphApi } from './startBenchGraphApi';
import { ENGINE_ENTRY } from './startEngineProcess';
import { summarizeRounds } from './summarizeRounds';

const PUBLIC_URL = 'https://bench.invalid';

const options = readBenchOptions(process.argv.slice(2));
const serverUrl = process.env.DATABASE_URL;
if (options.instances.length > 0 && !serverUrl) throw new Error('--instances: needs DATABASE_URL (the instances share a real server through PgBouncer)');
const twilioFake = await startTwilioApiFake();
const graph = await startBenchGraphApi();
const providerCalls = (): ProviderCall[] =>
  twilioFake.requests
    .filter((request) => request.method === 'POST' && request.path.endsWith('/Messages.json'))
    .map((request) => ({ to: new URLSearchParams(request.rawBody).get('To')?.replace('whatsapp:', '') ?? '', at: request.receivedAt }));

const encryptionKey = randomBytes(32).toString('base64');
const secretBox = createSecretBox(encryptionKey);
const databaseUrl = serverUrl ? await createBenchDatabase(serverUrl, 'coaching_bench') : undefined;
// Also on PostgreSQL: the engine keeps its inbound spool there, never in the working folder's .data.
const dataDir = mkdtempSync(join(tmpdir(), 'coaching-bench-'));
const settings: DatabaseSettings = { databaseUrl, dataDir, poolSize: 10 };
const engineEnv: Record<string, string> = {
  DATA_DIR: dataDir,
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  DEMO: 'false', ENCRYPTION_KEY: encryptionKey, ADMIN_TOKEN: randomBytes(16).toString('hex'),
  PUBLIC_URL, LOG_LEVEL: 'warn', TIMER_TICK_SECONDS: '59', TWILIO_API_BASE_URL: twilioFake.baseUrl, GRAPH_API_BASE_URL: graph.graphBaseUrl,
};
console.error(`bench: ${databaseUrl ? `PostgreSQL ${new URL(databaseUrl).host}` : 'embedded PostgreSQL'}, closed loop at ${options.workers.join(', ')} workers${options.rounds > 1 ? ` (${options.rounds} rounds each)` : ''}, open loop ${options.openRate}/s for ${options.openSeconds} s${options.scale ? `, scale ${options.scale}` : ''}`);

try {
  const { bench, quiz } = await (async () => {
    const db = await openDatabase(settings);
    try {
      await migrateDatabase(db);
      await addHistoryMonths(asSystem(db.orm.em, 'bench history months'), new Date(), options.historyMonths);
      const twilioBench = await setupBenchOrganization(db.orm, secretBox, 0, Date.now());
      return { bench: twilioBench, quiz: await setupQuizBench(db.orm, secretBox, twilioBench.organizationId) };
    } finally {
      await db.close();
    }
  })();

  const phases: QuizPhaseSettings = {
    orm: () => openDatabase(settings),
    bench: quiz,
    graph,
    warmUpWorkers: options.warmUp,
    capSeconds: options.cap,
    engine: { entry: ENGINE_ENTRY, env: engineEnv, databaseUrl, embeddedDataDir: databaseUrl ? undefined : dataDir },
    floor: {
      entry: 'src/bench/floor/runFloorServer.ts',
      databaseUrl,
      embeddedDataDir: databaseUrl ? undefined : dataDir,
      env: {
        ...(databaseUrl ? { FLOOR_DATABASE_URL: databaseUrl } : { FLOOR_DATA_DIR: dataDir }),
        FLOOR_POOL_SIZE: '14',
        FLOOR_ORGANIZATION_ID: quiz.organizationId, FLOOR_CHANNEL_ID: quiz.floor.channelId, FLOOR_APP_SECRET: quiz.floor.appSecret,
        FLOOR_PHONE_NUMBER_ID: quiz.floor.phoneNumberId, FLOOR_TOUCHPOINTS: quiz.questionTouchpointIds.join(','), FLOOR_GRAPH_BASE_URL: graph.graphBaseUrl,
      },
    },
  };

  const results: BenchResults = { ranAt: new Date().toISOString(), database: databaseUrl ? 'postgresql' : 'embedded', options, closedLoop: [], closedLoopRounds: [], curve: [] };
  /** Written after every phase, so a later failure keeps the figures measured before it. */
  const save = () => writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  for (const [index, workers] of options.workers.entries()) {
    const rounds: ClosedLoopPair[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      console.error(`bench: closed loop, ${workers} workers${options.rounds > 1 ? `, round ${round} of ${options.rounds}` : ''}`);
      rounds.push(await runClosedLoopPair(phases, workers, options.cap, options.journeys));
      results.closedLoop[index] = rounds[0];
      results.closedLoopRounds[index] = { workers, rounds, summary: summarizeRounds(rounds) };
      save();
    }
  }
  if (databaseUrl && options.instances.length > 0) {
    console.error(`bench: ${options.instances.join(', ')} engine instances behind PgBouncer, ${options.instanceWorkers} workers`);
    results.instances = await runInstancesPoint(phases, databaseUrl, options.instances, options.instanceWorkers, options.cap);
    save();
  }
  if (options.openRate > 0) {
    console.error(`bench: open loop, ${options.openRate} webhooks/s for ${options.openSeconds} s`);
    results.openLoop = await runOpenLoopPair(phases, options.openRate, options.openSeconds, options.drainCap);
    save();
  }
  Object.assign(results, await runScaleCurve({ options, settings, bench, engineEnv, publicUrl: PUBLIC_URL, providerCalls }));
  save();
  printBenchTable(results);
  console.log(`\nJSON written to ${options.out}`);
} finally {
  await twilioFake.close();
  await graph.close();
  rmSync(dataDir, { recursive: true, force: true });
  // Each run's database is about 65 MB: kept only when asked, to look into it.
  if (serverUrl && databaseUrl && !process.env.BENCH_KEEP_DATABASE) await dropBenchDatabase(serverUrl, databaseUrl);
}
