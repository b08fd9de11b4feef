import type { MikroORM } from '@mikro-orm/postgresql';
import { runAgainstProcess, subjectDatabaseUrl, type ProcessCost, type ProcessUnderTest } from './runAgainstProcess';
import type { WebhookTarget } from './postCloudApiWebhook';
import { runClosedLoop, type ClosedLoopFigures } from './runClosedLoop';
import { openLoopWorkers, runOpenLoop, type OpenLoopFigures } from './runOpenLoop';
import { addQuizWorkers, type CloudApiTarget, type QuizBench } from './setupQuizBench';
import type { BenchGraphApi } from './startBenchGraphApi';
import { vacuumBenchDatabase } from './createBenchDatabase';

export type Measured<T> = T & ProcessCost;

/** Engine and floor at one number of concurrent workers, and the engine's share of the floor. */
export interface ClosedLoopPair {
  workers: number;
  engine: Measured<ClosedLoopFigures>;
  floor: Measured<ClosedLoopFigures>;
  /** Engine throughput / floor throughput (target ≥ 0.7). */
  throughputRatio: number;
  /** Engine inbound→reply p99 / floor's (target ≤ 1.5). */
  replyP99Ratio: number;
}

export interface OpenLoopPair {
  engine: Measured<OpenLoopFigures>;
  floor: Measured<OpenLoopFigures>;
}

export interface QuizPhaseSettings {
  orm: () => Promise<{ orm: MikroORM; close(): Promise<void> }>;
  bench: QuizBench;
  graph: BenchGraphApi;
  engine: Omit<ProcessUnderTest, 'channel'>;
  floor: Omit<ProcessUnderTest, 'channel'>;
  /** Workers who play the quiz on each server before it is measured (0: none). */
  warmUpWorkers: number;
  /** Longest warm-up, seconds. */
  capSeconds: number;
}

/**
 * How many of the warm-up's workers play after the vacuum (a fifth of them, at most 100). Its
 * statistics invalidate the plans of every connection, which each then plans its statements
 * again: measured right after it, the engine's run spent 1.35 ms a message planning (the floor's
 * 0.33), against 0.28 (0.05) with the plans made again first, as in a server that has been running.
 */
const warmAfterVacuum = (warmUp: number) => Math.min(100, Math.floor(warmUp / 5));

const ratio = (a: number, b: number) => (b === 0 ? 0 : Math.round((a / b) * 100) / 100);

/** Fresh workers enrolled on the channel (through the bench's own connection, closed before a server starts: the embedded database's folder has one owner). */
export async function freshWorkers(settings: QuizPhaseSettings, channel: CloudApiTarget, count: number): Promise<string[]> {
  const db = await settings.orm();
  try {
    return await addQuizWorkers(db.orm, settings.bench, channel, count);
  } finally {
    await db.close();
  }
}

/**
 * Starts `subject` on `channel`, plays `settings.warmUpWorkers` fresh workers through the quiz
 * (closed loop, not measured): all but the last few of them (`warmAfterVacuum`), then a vacuum of the
 * database (`vacuumBenchDatabase`), then those last ones; then runs `measured` on `workers` fresh
 * workers enrolled with them.
 */
async function runWarm<T extends { messages: number }>(
  settings: QuizPhaseSettings,
  subject: Omit<ProcessUnderTest, 'channel'>,
  channel: CloudApiTarget,
  workers: number,
  measured: (target: WebhookTarget, phones: string[], start: () => Promise<void>) => Promise<T>,
) {
  const phones = await freshWorkers(settings, channel, settings.warmUpWorkers + workers);
  const warmUp = phones.splice(0, settings.warmUpWorkers);
  const afterVacuum = warmUp.splice(warmUp.length - warmAfterVacuum(warmUp.length));
  return runAgainstProcess({ ...subject, channel }, async (target, start) => {
    if (warmUp.length > 0) await runClosedLoop(target, settings.graph, warmUp, settings.capSeconds);
    const databaseUrl = subjectDatabaseUrl(subject);
    if (databaseUrl && warmUp.length + afterVacuum.length > 0) await vacuumBenchDatabase(databaseUrl);
    if (afterVacuum.length > 0) await runClosedLoop(target, settings.graph, afterVacuum, settings.capSeconds);
    return measured(target, phones, start);
  });
}

/**
 * The closed loop at `workers` concurrent workers, each playing `journeys` journeys one after
 * another (as fresh workers), on the engine and then on the floor, each warmed up.
 */
export async function runClosedLoopPair(settings: QuizPhaseSettings, workers: number, capSeconds: number, journeys = 1): Promise<ClosedLoopPair> {
  const run = (subject: Omit<ProcessUnderTest, 'channel'>, channel: CloudApiTarget) =>
    runWarm(settings, subject, channel, workers * journeys, (target, phones, start) => runClosedLoop(target, settings.graph, phones, capSeconds, start, workers));
  const engine = await run(settings.engine, settings.bench.engine);
  const floor = await run(settings.floor, settings.bench.floor);
  return { workers, engine, floor, throughputRatio: ratio(engine.messagesPerSecond, floor.messagesPerSecond), replyP99Ratio: ratio(engine.replyMs.p99, floor.replyMs.p99) };
}

/** The open loop at `perSecond` for `seconds`, on the engine and then on the floor, each warmed up. */
export async function runOpenLoopPair(settings: QuizPhaseSettings, perSecond: number, seconds: number, drainCapSeconds: number): Promise<OpenLoopPair> {
  const run = (subject: Omit<ProcessUnderTest, 'channel'>, channel: CloudApiTarget) =>
    runWarm(settings, subject, channel, openLoopWorkers(perSecond, seconds), (target, phones, start) => runOpenLoop(target, settings.graph, phones, perSecond, drainCapSeconds, start));
  return { engine: await run(settings.engine, settings.bench.engine), floor: await run(settings.floor, settings.bench.floor) };
}
