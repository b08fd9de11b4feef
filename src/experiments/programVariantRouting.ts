import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';
import { assignUnits } from './assignUnits';
import { loadAssignableExperiments } from './loadAssignableExperiments';

/**
 * SQL joined into the choice of a worker's next journey (aliases `wa`: worker_assignments, `jb`:
 * journey_blueprints): `variant` is the program-level experiment variant whose blueprint `jb` is,
 * if any, with the worker's assigned variant. Use with {@link PROGRAM_VARIANT_FILTER}. The
 * assignment is found by the worker, the experiment checked on the row (`is true`): a generic plan
 * made without statistics took the experiment's index and read every assignment of it.
 */
export const PROGRAM_VARIANT_JOIN = `left join lateral (
    select ev.id, ev.is_control,
           (select ea.experiment_variant_id from experiment_assignments ea where ea.worker_id = wa.worker_id and (ea.experiment_id = e.id) is true) as assigned
      from experiments e join experiment_variants ev on ev.experiment_id = e.id
     where e.organization_id = :organization_id and e.program_id = wa.program_id and e.experiment_type = 'program'
       and e.status <> 'draft' and ev.blueprint_key = jb.key
     order by (e.status = 'running') desc, e.start_date desc
     limit 1) variant on true`;

/**
 * A variant's blueprint is played only by the workers assigned to that variant; workers the
 * experiment does not include get the control's. Blueprints of no variant are played by all.
 */
export const PROGRAM_VARIANT_FILTER = `(variant.id is null or variant.assigned = variant.id or (variant.assigned is null and variant.is_control))`;

/**
 * SQL (`:organization_id`, `:worker`): the running program-level experiments of the worker's
 * active programs that have not assigned them yet (`program_id`, one row each). The worker's
 * enrollments and assignments are found by the worker, program and experiment checked on the row
 * (`is true`), so that no generic plan walks a program's enrollments or an experiment's assignments.
 */
export const PENDING_PROGRAM_VARIANTS_SQL = `select e.program_id from experiments e
       join worker_assignments wa on wa.worker_id = :worker and (wa.organization_id = :organization_id) is true and (wa.program_id = e.program_id) is true and wa.status = 'active'
      where e.organization_id = :organization_id and e.status = 'running' and e.experiment_type = 'program'
        and not exists (select 1 from experiment_assignments ea where ea.worker_id = :worker and (ea.experiment_id = e.id) is true)`;

/**
 * Assigns the worker in the running program-level experiments of their active programs they are
 * not yet assigned in (enrollment assigns, then the next journey is routed by the variant).
 * One query when there is nothing to assign.
 */
export async function assignProgramVariants(em: EntityManager, workerId: string, at: number): Promise<void> {
  const pending = await scopedSql<{ program_id: string }>(em, PENDING_PROGRAM_VARIANTS_SQL, { worker: workerId });
  for (const { program_id } of pending) {
    for (const experiment of await loadAssignableExperiments(em, { programId: program_id })) await assignUnits(em, experiment, [workerId], at);
  }
}
