import type { MikroORM } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { forOrganization } from '../db/tenancy/scopes';
import { listWorkerMessages } from '../engine/listWorkerMessages';
import { findWorkers, workerFilterSchema } from '../web/workers/findWorkers';
import { summarizeLatencies, type LatencySummary } from './latencySummary';

export interface QueryFigures {
  workersInOrganization: number;
  workerListPageMs: LatencySummary;
  workerPageMs: LatencySummary;
}

/** Runs `run(i)` `samples` times one after the other; their latencies. */
export async function timed(samples: number, run: (index: number) => Promise<unknown>): Promise<LatencySummary> {
  const durations: number[] = [];
  for (let i = 0; i < samples; i++) {
    const started = performance.now();
    await run(i);
    durations.push(performance.now() - started);
  }
  return summarizeLatencies(durations);
}

/**
 * What a coach waits for in an organization of this size: a page of the console's worker search
 * (name or phone prefix) and a worker page (the newest messages and the progress rows).
 */
export async function measureQueries(orm: MikroORM, organizationId: string, samples = 50): Promise<QueryFigures> {
  const em = () => forOrganization(orm.em, organizationId);
  const [{ n }] = await scopedSql<{ n: number }>(em(), 'select count(*)::int as n from workers where organization_id = :organization_id');
  const someWorkers = await scopedSql<{ id: string; full_name: string }>(
    em(),
    'select id, full_name from workers where organization_id = :organization_id order by id limit :samples',
    { samples },
  );
  const searches = ['scale a', 'scale 0', 'bench worker 1', '+1999000', '+18880001', 'scale f3', 'bench', 'scale'];
  const workerListPageMs = await timed(samples, (i) =>
    findWorkers(em(), workerFilterSchema.parse({ q: searches[i % searches.length] }), 25),
  );
  const workerPageMs = await timed(samples, async (i) => {
    const worker = someWorkers[i % someWorkers.length];
    await listWorkerMessages(em(), worker.id, undefined, 50);
    await scopedSql(
      em(),
      `select wp.touchpoint_id, wp.score, wp.correct, wp.completed_at from worker_progress wp
         join worker_assignments wa on wa.id = wp.worker_assignment_id
        where wa.organization_id = :organization_id and wa.worker_id = :worker`,
      { worker: worker.id },
    );
  });
  return { workersInOrganization: n, workerListPageMs, workerPageMs };
}
