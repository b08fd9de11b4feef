import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretBox } from '../channels/secretBox';
import { migrateDatabase } from '../db/migrateDatabase';
import { openDatabase, type DatabaseSettings } from '../db/openDatabase';
import { readBenchOptions } from './benchOptions';
import { createBenchDatabase } from './createBenchDatabase';
import type { RunFigures } from './latencySummary';
import { measureQueries, type QueryFigures } from './measureQueries';
import { measureReplyLatency, type ProviderCall, type SentInbound } from './measureReplyLatency';
import { printBenchTable } from './printBenchTable';
import { runBroadcast, type BroadcastFigures } from './runBroadcast';
import { startTwilioApiFake } from '../../tests/fakes/startTwilioApiFake';
import { runInboundLoad } from './runInboundLoad';
import { runSqlFloor } from './runSqlFloor';
import { preloadScaleData, setupBenchOrganization, type BenchOrganization } from './setupBenchOrganization';
import { startEngineProcess } from './startEngineProcess';

const PUBLIC_URL = 'https://bench.invalid';

export interface EngineRun extends RunFigures {
  workersInOrganization: number;
  engineCpuMsPerMessage: number;
  enginePeakRssMb: number;
  /** From a worker's message to the reply handed to the provider fake. */
  replyLatencyMs: ReturnType<typeof measureReplyLatency>;
}

const twilioFake = await startTwilioApiFake();
const providerCalls = (): ProviderCall[] =>
  twilioFake.requests
    .filter((request) => request.method === 'POST' && request.path.endsWith('/Messages.json'))
    .map((request) => ({ to: new URLSearchParams(request.rawBody).get('To')?.replace('whatsapp:', '') ?? '', at: request.receivedAt }));

/** Waits until the provider fake has seen no new send for a second (at most `limitMs`). */
async function untilProviderQuiet(limitMs: number): Promise<void> {
  let last = -1;
  for (let waited = 0; waited < limitMs; waited += 1_000) {
    const count = twilioFake.requests.length;
    if (count === last) return;
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 1_000));
  }
}

async function withDatabase<T>(settings: DatabaseSettings, work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const database = await openDatabase(settings);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

const options = readBenchOptions(process.argv.slice(2));
const encryptionKey = randomBytes(32).toString('base64');
const secretBox = createSecretBox(encryptionKey);
const databaseUrl = process.env.DATABASE_URL ? await createBenchDatabase(process.env.DATABASE_URL, 'coaching_bench') : undefined;
const dataDir = databaseUrl ? '' : mkdtempSync(join(tmpdir(), 'coaching-bench-'));
const settings: DatabaseSettings = { databaseUrl, dataDir, poolSize: 10 };
const engineEnv: Record<string, string> = {
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : { DATA_DIR: dataDir }),
  DEMO: 'false', ENCRYPTION_KEY: encryptionKey, ADMIN_TOKEN: randomBytes(16).toString('hex'),
  PUBLIC_URL, LOG_LEVEL: 'warn', TIMER_TICK_SECONDS: '59', TWILIO_API_BASE_URL: twilioFake.baseUrl,
};
console.error(`bench: ${databaseUrl ? `PostgreSQL ${new URL(databaseUrl).host}` : 'embedded PGlite'}, ${options.workers} workers × ${options.answers} messages, concurrency ${options.concurrency}${options.scale ? `, scale ${options.scale}` : ''}`);

async function engineRun(bench: BenchOrganization, workers: BenchOrganization['workers'], workersInOrganization: number): Promise<EngineRun> {
  const engine = await startEngineProcess(engineEnv);
  try {
    const cpuBefore = engine.cpuMs();
    const sent: SentInbound[] = [];
    const figures = await runInboundLoad(engine.url, PUBLIC_URL, bench, workers, options.answers, options.concurrency, (phone, at) => sent.push({ phone, at }));
    const cpu = engine.cpuMs() - cpuBefore;
    await untilProviderQuiet(30_000);
    return {
      ...figures,
      replyLatencyMs: measureReplyLatency(sent, providerCalls()),
      workersInOrganization,
      engineCpuMsPerMessage: Math.round((cpu / figures.messages) * 100) / 100,
      enginePeakRssMb: Math.round(engine.peakRssBytes() / 1_048_576),
    };
  } finally {
    await engine.stop();
  }
}

const groups = options.scale > 0 ? 2 : 1;
const bench = await withDatabase(settings, async (db) => {
  await migrateDatabase(db);
  return setupBenchOrganization(db.orm, secretBox, options.workers * groups, Date.now(), options.broadcast);
});
const firstGroup = bench.workers.slice(0, options.workers);

const inbound = await engineRun(bench, firstGroup, bench.workers.length);
const { floor, queries } = await withDatabase(settings, async (db) => ({
  floor: await runSqlFloor(db.orm, bench, firstGroup, options.answers, options.concurrency),
  queries: await measureQueries(db.orm, bench.organizationId),
}));

let broadcast: BroadcastFigures | undefined;
if (options.broadcast > 0) {
  const engine = await startEngineProcess(engineEnv);
  const reader = await openDatabase(settings.databaseUrl ? { ...settings, poolSize: 2 } : settings).catch(() => undefined);
  try {
    if (!reader) throw new Error('the broadcast test needs DATABASE_URL (the embedded database belongs to the engine process)');
    broadcast = await runBroadcast(reader.orm, bench, engine.url, () => providerCalls().length);
  } finally {
    await reader?.close();
    await engine.stop();
  }
}

let scale: { inbound: EngineRun; queries: QueryFigures } | undefined;
if (options.scale > 0) {
  const started = performance.now();
  const scaleQueries = await withDatabase(settings, async (db) => {
    await preloadScaleData(db.orm, bench, options.scale);
    return measureQueries(db.orm, bench.organizationId);
  });
  console.error(`bench: preloaded ${options.scale} workers with progress in ${Math.round((performance.now() - started) / 1000)} s`);
  scale = { inbound: await engineRun(bench, bench.workers.slice(options.workers), scaleQueries.workersInOrganization), queries: scaleQueries };
}

const results = {
  ranAt: new Date().toISOString(),
  database: databaseUrl ? 'postgresql' : 'embedded',
  options,
  inbound,
  floor,
  engineToFloorRatio: Math.round((inbound.messagesPerSecond / floor.messagesPerSecond) * 100) / 100,
  queries,
  broadcast,
  scale,
};
printBenchTable(results);
writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nJSON written to ${options.out}`);
console.log(JSON.stringify(results));
await twilioFake.close();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
