import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

/** A program-level variant matters when a conversation of its program starts: its blueprint, or any when it routes none (a delivery policy). */
export interface ProgramStart {
  assignmentId: string;
  blueprintKey: string;
  conversationId: string;
}

/**
 * Records, once per worker and experiment, that the worker's variant mattered (the first record
 * stands), in one statement; only assigned workers of running experiments are exposed.
 * - Journey level, by experiment key: a `variant` branch was decided; exposed now.
 * - Program level, at the start of a conversation that plays the variant: the exposure names the
 *   conversation and counts from when its first message is sent, not queued (`exposed_at` stays
 *   null; `readExperimentUnits` reads it from that message's statuses), even when a pacing wait or
 *   the variant's send time holds that message back.
 */
export async function recordExposures(em: EntityManager, workerId: string, which: { experimentKeys: readonly string[] } | ProgramStart, at: number): Promise<void> {
  if ('experimentKeys' in which) {
    await scopedSql(
      em,
      `insert into experiment_exposures (experiment_id, worker_id, organization_id, experiment_variant_id, exposed_at)
       select e.id, ea.worker_id, :organization_id, ea.experiment_variant_id, :at::timestamptz
         from experiments e join experiment_assignments ea on ea.experiment_id = e.id and ea.worker_id = :worker::uuid
        where e.organization_id = :organization_id and e.status = 'running' and e.experiment_type = 'journey'
          and e.key in (select jsonb_array_elements_text(:keys::jsonb))
       on conflict (experiment_id, worker_id) do nothing`,
      { worker: workerId, at: new Date(at).toISOString(), keys: JSON.stringify(which.experimentKeys) },
    );
    return;
  }
  await scopedSql(
    em,
    `insert into experiment_exposures (experiment_id, worker_id, organization_id, experiment_variant_id, conversation_id)
     select e.id, ea.worker_id, :organization_id, ea.experiment_variant_id, :conversation::uuid
       from worker_assignments wa
       join experiments e on e.organization_id = wa.organization_id and e.program_id = wa.program_id and e.experiment_type = 'program' and e.status = 'running'
       join experiment_assignments ea on ea.experiment_id = e.id and ea.worker_id = wa.worker_id
       join experiment_variants ev on ev.id = ea.experiment_variant_id
      where wa.organization_id = :organization_id and wa.id = :assignment::uuid and wa.worker_id = :worker::uuid
        and (ev.blueprint_key is null or ev.blueprint_key = :blueprint)
     on conflict (experiment_id, worker_id) do nothing`,
    { worker: workerId, assignment: which.assignmentId, conversation: which.conversationId, blueprint: which.blueprintKey },
  );
}
