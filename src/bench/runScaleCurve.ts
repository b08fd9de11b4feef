import { openDatabase, type DatabaseSettings } from '../db/openDatabase';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import type { BenchOptions } from './benchOptions';
import type { CurvePoint } from './benchFigures';
import { measureQueries, type QueryFigures } from './measureQueries';
import { measureReplyLatency, type ProviderCall, type SentInbound } from './measureReplyLatency';
import { runBroadcast, type BroadcastFigures } from './runBroadcast';
import { runInboundLoad } from './runInboundLoad';
import { addBenchWorkers, createBroadcastAudience, preloadScaleData, type BenchOrganization } from './setupBenchOrganization';
import { startEngineProcess } from './startEngineProcess';

export interface ScaleCurveContext {
  options: BenchOptions;
  settings: DatabaseSettings;
  bench: BenchOrganization;
  engineEnv: Record<string, string>;
  publicUrl: string;
  /** Sends the Twilio fake has received so far. */
  providerCalls(): ProviderCall[];
}

async function withDatabase<T>(settings: DatabaseSettings, work: (db: Awaited<ReturnType<typeof openDatabase>>) => Promise<T>): Promise<T> {
  const database = await openDatabase(settings);
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

/** Organization sizes of the scale curve: each power of ten above `start`, then `scale`. */
function curveSizes(start: number, scale: number): number[] {
  if (scale <= start) return [];
  const sizes: number[] = [];
  for (let size = 10 ** Math.ceil(Math.log10(start + 1)); size < scale; size *= 10) sizes.push(size);
  return [...sizes, scale];
}

/**
 * The scale curve (the Twilio inbound run on the onboarding journey as the organization grows to
 * `--scale` workers, with the console's queries, CPU and memory) and the broadcast fan-out.
 */
export async function runScaleCurve(context: ScaleCurveContext): Promise<{ curve: CurvePoint[]; broadcast?: BroadcastFigures }> {
  const { options, settings, bench } = context;
  let scaleWorkers = 0;

  /** Sends seen so far, to wait until the engine is quiet. */
  const untilProviderQuiet = async (limitMs: number) => {
    let last = -1;
    for (let waited = 0; waited < limitMs; waited += 2_000) {
      const count = context.providerCalls().length;
      if (count === last) return;
      last = count;
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    }
  };

  const prepareRun = (size: number): Promise<{ group: BenchOrganization['workers']; queries: QueryFigures }> =>
    withDatabase(settings, async (db) => {
      const [{ n }] = await scopedSql<{ n: number }>(forOrganization(db.orm.em, bench.organizationId), 'select count(*)::int as n from workers where organization_id = :organization_id');
      const extra = size - n - options.curveWorkers;
      if (extra > 0) {
        const started = performance.now();
        await preloadScaleData(db.orm, bench, scaleWorkers + 1, scaleWorkers + extra);
        scaleWorkers += extra;
        console.error(`bench: preloaded ${extra} workers with progress in ${Math.round((performance.now() - started) / 1000)} s`);
      }
      const group = await addBenchWorkers(db.orm, bench, options.curveWorkers, Date.now());
      return { group, queries: await measureQueries(db.orm, bench.organizationId) };
    });

  const engineRun = async (workers: BenchOrganization['workers'], queries: QueryFigures): Promise<CurvePoint> => {
    const engine = await startEngineProcess(context.engineEnv);
    try {
      // The new workers' welcome messages go out first: the run starts on a settled engine.
      await untilProviderQuiet(120_000);
      const cpuBefore = engine.cpuMs();
      const sent: SentInbound[] = [];
      const figures = await runInboundLoad(engine.url, context.publicUrl, bench, workers, options.answers, options.concurrency, (phone, at) => sent.push({ phone, at }));
      const cpu = engine.cpuMs() - cpuBefore;
      await untilProviderQuiet(120_000);
      return {
        ...figures,
        replyLatencyMs: measureReplyLatency(sent, context.providerCalls()),
        workersInOrganization: queries.workersInOrganization,
        engineCpuMsPerMessage: Math.round((cpu / figures.messages) * 100) / 100,
        enginePeakRssMb: Math.round(engine.peakRssBytes() / 1_048_576),
        queries,
      };
    } finally {
      await engine.stop();
    }
  };

  const broadcastTest = async (): Promise<BroadcastFigures> => {
    const audience = await withDatabase(settings, async (db) => {
      if (scaleWorkers < options.broadcast) {
        await preloadScaleData(db.orm, bench, scaleWorkers + 1, options.broadcast);
        scaleWorkers = options.broadcast;
      }
      return createBroadcastAudience(db.orm, bench.organizationId, options.broadcast);
    });
    const engine = await startEngineProcess(context.engineEnv);
    const reader = await openDatabase(settings.databaseUrl ? { ...settings, poolSize: 2 } : settings).catch(() => undefined);
    try {
      if (!reader) throw new Error('the broadcast test needs DATABASE_URL (the embedded database belongs to the engine process)');
      return await runBroadcast(reader.orm, bench, engine.url, () => context.providerCalls().length, audience);
    } finally {
      await reader?.close();
      await engine.stop();
    }
  };

  const curve: CurvePoint[] = [];
  let broadcast: BroadcastFigures | undefined;
  const first = await withDatabase(settings, async (db) =>
    (await scopedSql<{ n: number }>(forOrganization(db.orm.em, bench.organizationId), 'select count(*)::int as n from workers where organization_id = :organization_id'))[0].n,
  );
  const sizes = options.scale > 0 ? [first + options.curveWorkers, ...curveSizes(first + options.curveWorkers, options.scale)] : [];
  for (const [index, size] of sizes.entries()) {
    const { group, queries } = await prepareRun(size);
    curve.push(await engineRun(group, queries));
    const last = index === sizes.length - 1;
    if (options.broadcast > 0 && !broadcast && (scaleWorkers >= options.broadcast || last)) broadcast = await broadcastTest();
  }
  if (options.broadcast > 0 && !broadcast) broadcast = await broadcastTest();
  return { curve, broadcast };
}
