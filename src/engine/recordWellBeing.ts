import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

export interface WellBeingAnswer {
  workerId: string;
  assignmentId: string;
  touchpointId: string | null;
  /** 1 (very low) to 5 (very good). */
  value: number;
  /** Epoch ms. */
  at: number;
}

/** Keeps the answer in the history and as the worker's latest well-being score. */
export async function recordWellBeing(em: EntityManager, answer: WellBeingAnswer): Promise<void> {
  await scopedSql(
    em,
    `with history as (
       insert into well_being_answers (organization_id, worker_id, worker_assignment_id, touchpoint_id, value, answered_at)
       values (:organization_id, :worker, :assignment, :touchpoint, :value, :at))
     update workers set well_being_score = :value, updated_at = :at
      where organization_id = :organization_id and id = :worker`,
    { worker: answer.workerId, assignment: answer.assignmentId, touchpoint: answer.touchpointId, value: answer.value, at: new Date(answer.at) },
  );
}
