import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecretBox } from '../secrets/secretBox';
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
import { addBenchWorkers, createBroadcastAudience, preloadScaleData, setupBenchOrganization, type BenchOrganization } from './setupBenchOrganization';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { startEngineProcess } from './startEngineProcess';
import type { CurvePoint } from './benchFigures';
import { runPacedInbound } from './runPacedInbound';

const PUBLIC_URL = 'https://bench.invalid';

const twilioFake = await startTwilioApiFake();
const providerCalls = (): ProviderCall[] =>
  twilioFake.requests
    .filter((request) => request.method === 'POST' && request.path.endsWith('/Messages.json'))
    .map((request) => ({ to: new URLSearchParams(request.rawBody).get('To')?.replace('whatsapp:', '') ?? '', at: request.receivedAt }));

/** Waits until the provider fake has seen no new send for two seconds (at most `limitMs`). */
async function untilProviderQuiet(limitMs: number): Promise<void> {
  let last = -1;
  for (let waited = 0; waited < limitMs; waited += 2_000) {
    const count = twilioFake.requests.length;
    if (count === last) return;
    last = count;
    await new Promise((resolve) => setTimeout(resolve, 2_000));
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

/** Seconds of the steady run. */
const PACED_SECONDS = 20;

/**
 * The inbound test on one engine process: as many messages as `--concurrency` senders get through,
 * then, given `pacedWorkers`, a steady run at `--pace` messages a second for reply latency.
 */
async function engineRun(bench: BenchOrganization, workers: BenchOrganization['workers'], workersInOrganization: number, pacedWorkers: BenchOrganization['workers'] = []): Promise<Omit<CurvePoint, 'queries'>> {
  const engine = await startEngineProcess(engineEnv);
  try {
    // The new workers' welcome messages go out first: the run starts on a settled engine.
    await untilProviderQuiet(120_000);
    const cpuBefore = engine.cpuMs();
    const sent: SentInbound[] = [];
    const figures = await runInboundLoad(engine.url, PUBLIC_URL, bench, workers, options.answers, options.concurrency, (phone, at) => sent.push({ phone, at }));
    const cpu = engine.cpuMs() - cpuBefore;
    await untilProviderQuiet(120_000);
    const run = {
      ...figures,
      replyLatencyMs: measureReplyLatency(sent, providerCalls()),
      workersInOrganization,
      engineCpuMsPerMessage: Math.round((cpu / figures.messages) * 100) / 100,
      enginePeakRssMb: Math.round(engine.peakRssBytes() / 1_048_576),
    };
    if (pacedWorkers.length === 0) return run;
    const paced = await runPacedInbound(engine.url, PUBLIC_URL, bench, pacedWorkers, options.answers, options.pace);
    await untilProviderQuiet(120_000);
    return { ...run, paced: { perSecond: options.pace, messages: paced.sent.length, failed: paced.failed, replyLatencyMs: measureReplyLatency(paced.sent, providerCalls()) } };
  } finally {
    await engine.stop();
  }
}

/** Organization sizes of the scale curve after the first run: each power of ten above it, then --scale. */
function curveSizes(start: number, scale: number): number[] {
  if (scale <= start) return [];
  const sizes: number[] = [];
  for (let size = 10 ** Math.ceil(Math.log10(start + 1)); size < scale; size *= 10) sizes.push(size);
  return [...sizes, scale];
}

const bench = await withDatabase(settings, async (db) => {
  await migrateDatabase(db);
  return setupBenchOrganization(db.orm, secretBox, 0, Date.now());
});
let scaleWorkers = 0;

/**
 * Grows the organization to `size` workers with scale workers (progress rows and all), then adds a
 * fresh group of bench workers to answer, and `paced` more for the steady run.
 */
async function prepareRun(size: number, paced: number): Promise<{ group: BenchOrganization['workers']; pacedGroup: BenchOrganization['workers']; queries: QueryFigures }> {
  return withDatabase(settings, async (db) => {
    const [{ n }] = await scopedSql<{ n: number }>(forOrganization(db.orm.em, bench.organizationId), 'select count(*)::int as n from workers where organization_id = :organization_id');
    const extra = size - n - options.workers - paced;
    if (extra > 0) {
      const started = performance.now();
      await preloadScaleData(db.orm, bench, scaleWorkers + 1, scaleWorkers + extra);
      scaleWorkers += extra;
      console.error(`bench: preloaded ${extra} workers with progress in ${Math.round((performance.now() - started) / 1000)} s`);
    }
    const group = await addBenchWorkers(db.orm, bench, options.workers, Date.now());
    const pacedGroup = paced > 0 ? await addBenchWorkers(db.orm, bench, paced, Date.now()) : [];
    return { group, pacedGroup, queries: await measureQueries(db.orm, bench.organizationId) };
  });
}

async function broadcastTest(): Promise<BroadcastFigures> {
  const audience = await withDatabase(settings, async (db) => {
    if (scaleWorkers < options.broadcast) {
      await preloadScaleData(db.orm, bench, scaleWorkers + 1, options.broadcast);
      scaleWorkers = options.broadcast;
    }
    return createBroadcastAudience(db.orm, bench.organizationId, options.broadcast);
  });
  const engine = await startEngineProcess(engineEnv);
  const reader = await openDatabase(settings.databaseUrl ? { ...settings, poolSize: 2 } : settings).catch(() => undefined);
  try {
    if (!reader) throw new Error('the broadcast test needs DATABASE_URL (the embedded database belongs to the engine process)');
    return await runBroadcast(reader.orm, bench, engine.url, () => providerCalls().length, audience);
  } finally {
    await reader?.close();
    await engine.stop();
  }
}

// The scale curve: the same inbound test and console queries as the organization grows, with CPU and memory per message.
const curve: CurvePoint[] = [];
let floor: RunFigures | undefined;
let broadcast: BroadcastFigures | undefined;
const pacedWorkers = options.pace > 0 ? Math.ceil((options.pace * PACED_SECONDS) / options.answers) : 0;
const firstSize = options.workers + pacedWorkers;
const sizes = [firstSize, ...curveSizes(firstSize, options.scale)];
for (const [index, size] of sizes.entries()) {
  const { group, pacedGroup, queries } = await prepareRun(size, index === 0 ? pacedWorkers : 0);
  curve.push({ ...(await engineRun(bench, group, queries.workersInOrganization, pacedGroup)), queries });
  if (index === 0) floor = await withDatabase(settings, (db) => runSqlFloor(db.orm, bench, group, options.answers, options.concurrency));
  const last = index === sizes.length - 1;
  if (options.broadcast > 0 && !broadcast && (scaleWorkers >= options.broadcast || last)) broadcast = await broadcastTest();
}
if (!floor) throw new Error('the bench made no inbound run');
const [inbound] = curve;

const results = {
  ranAt: new Date().toISOString(),
  database: databaseUrl ? 'postgresql' : 'embedded',
  options,
  inbound,
  floor,
  engineToFloorRatio: Math.round((inbound.messagesPerSecond / floor.messagesPerSecond) * 100) / 100,
  broadcast,
  curve,
};
printBenchTable(results);
writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nJSON written to ${options.out}`);
console.log(JSON.stringify(results));
await twilioFake.close();
if (dataDir) rmSync(dataDir, { recursive: true, force: true });
