import { startPgBouncer } from '../cluster/startPgBouncer';
import { runAgainstProcess } from './runAgainstProcess';
import { runClosedLoop, type ClosedLoopFigures } from './runClosedLoop';
import { freshWorkers, type Measured, type QuizPhaseSettings } from './runQuizPhases';

/** One closed-loop run against `instances` engine processes behind the same PgBouncer. */
export interface InstancesRun {
  instances: number;
  closedLoop: Measured<ClosedLoopFigures>;
  /** Throughput / the single instance's (when 1 was run). */
  throughputVsOne: number | null;
  /** Reply p99 / the single instance's (when 1 was run). */
  replyP99VsOne: number | null;
}

export interface InstancesFigures {
  workers: number;
  /** How the driver spreads webhooks over the instances. */
  spread: string;
  runs: InstancesRun[];
}

const ratio = (a: number, b: number | undefined) => (b ? Math.round((a / b) * 100) / 100 : null);

/**
 * The multi-instance point: for each count, that many engine processes on one database, all
 * through one PgBouncer in transaction mode (DATABASE_POOLED, LISTEN and migrations direct), each
 * driven closed loop with `workers` fresh workers spread over them, a worker always to the same one.
 */
export async function runInstancesPoint(settings: QuizPhaseSettings, databaseUrl: string, counts: number[], workers: number, capSeconds: number): Promise<InstancesFigures> {
  const pooler = await startPgBouncer({ serverUrl: databaseUrl });
  try {
    const env = { ...settings.engine.env, DATABASE_URL: pooler.urlFor(new URL(databaseUrl).pathname.slice(1)), DATABASE_POOLED: 'true', DATABASE_DIRECT_URL: databaseUrl };
    const runs: InstancesRun[] = [];
    for (const instances of counts) {
      const channel = settings.bench.engine;
      const phones = await freshWorkers(settings, channel, workers);
      const closedLoop = await runAgainstProcess({ ...settings.engine, env, channel, instances }, (target, start) => runClosedLoop(target, settings.graph, phones, capSeconds, start));
      const one = runs.find((run) => run.instances === 1)?.closedLoop;
      runs.push({ instances, closedLoop, throughputVsOne: ratio(closedLoop.messagesPerSecond, one?.messagesPerSecond), replyP99VsOne: ratio(closedLoop.replyMs.p99, one?.replyMs.p99) });
    }
    return { workers, spread: 'each worker always to the same instance (its number modulo the count)', runs };
  } finally {
    await pooler.stop();
  }
}
