import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/**
 * Workers' quiz percentages, in one query: of the quiz questions each worker's journeys closed
 * (answered, attempts ran out, or timed out), the share answered right at some attempt. A
 * question missed counts as wrong, where `workers.performance_metric` (kept by the engine)
 * averages only the answers it understood. A worker with no closed quiz is absent.
 */
export async function loadQuizPercents(em: EntityManager, workerIds: string[]): Promise<Map<string, number>> {
  if (workerIds.length === 0) return new Map();
  const rows = await scopedSql<{ worker_id: string; percent: number }>(
    em,
    `select worker_id, round(100.0 * count(*) filter (where right_answer) / count(*))::int as percent
       from (select qa.worker_id, bool_or(wp.correct) as right_answer
               from worker_assignments qa
               join worker_progress wp on wp.worker_assignment_id = qa.id
               join touchpoints qt on qt.id = wp.touchpoint_id join content qc on qc.id = qt.content_id
              where qa.organization_id = :organization_id and qa.worker_id = any(:workers::uuid[]) and qc.type = 'quiz'
              group by qa.worker_id, wp.worker_assignment_id, qt.key
             having bool_or(wp.completed_at is not null)) closed
      group by worker_id`,
    { workers: `{${workerIds.join(',')}}` },
  );
  return new Map(rows.map((row) => [row.worker_id, row.percent]));
}
