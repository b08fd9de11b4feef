import type { SqlParams } from '../db/tenancy/scopedSql';
import type { BroadcastRequestData } from './broadcastInput';

/** The condition on `workers w` (any status) of a broadcast's target, with its parameters; never a simulator's test worker. */
export function broadcastTargetSql(target: BroadcastRequestData['target']): { sql: string; params: SqlParams } {
  const chosen = targetSql(target);
  return { sql: `not w.simulated and ${chosen.sql}`, params: chosen.params };
}

function targetSql(target: BroadcastRequestData['target']): { sql: string; params: SqlParams } {
  if ('segmentId' in target) {
    return {
      sql: `exists (select 1 from worker_segment ws where ws.organization_id = :organization_id and ws.worker_id = w.id and ws.segment_id = :targetSegment::uuid)`,
      params: { targetSegment: target.segmentId },
    };
  }
  if ('programId' in target) {
    return {
      sql: `exists (select 1 from worker_assignments wa where wa.organization_id = :organization_id and wa.worker_id = w.id and wa.program_id = :targetProgram::uuid and wa.status = 'active')`,
      params: { targetProgram: target.programId },
    };
  }
  return { sql: `w.id in (select (jsonb_array_elements_text(:targetWorkers::jsonb))::uuid)`, params: { targetWorkers: JSON.stringify(target.workerIds) } };
}
