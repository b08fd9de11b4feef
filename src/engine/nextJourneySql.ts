import { PROGRAM_VARIANT_FILTER, PROGRAM_VARIANT_JOIN } from '../experiments/programVariantRouting';
import { programStartedInSql, WORKER_TIMEZONE_SQL } from './programDates';

const programStartedForWorker = programStartedInSql(WORKER_TIMEZONE_SQL);

/**
 * SQL (`:organization_id`, `:worker`, `:at`): the worker's next journey to play, one row at most —
 * the first journey of their active programs that have started for them, by enrollment then
 * order in the program, not yet played, at its latest published version (a program-level
 * experiment's variant blueprints only for that variant's workers).
 *
 * The worker's rows are found by the worker alone: their enrollments by `worker_id` (`offset 0`:
 * not from the programs), what they played by the enrollment's conversations (a lateral probe:
 * not from the blueprint). Planned without statistics on a young organization (the hot path's
 * generic plans), the join walked every conversation of the blueprint, or every active enrollment
 * of the program, on each journey's end: `tests/hotPath/journeyEndBlocks.test.ts`.
 */
export const NEXT_JOURNEY_SQL = `select wa.id as assignment_id, wa.enrollment_date, latest.id as blueprint_id, jb.key as blueprint_key,
       exists (select 1 from experiments e where e.program_id = wa.program_id and e.status = 'running' and e.experiment_type = 'program') as experimenting
  from (select wa.id, wa.program_id, wa.worker_id, wa.enrollment_date from worker_assignments wa
         where wa.worker_id = :worker and (wa.organization_id = :organization_id) is true and wa.status = 'active'
        offset 0) wa
  join programs p on p.id = wa.program_id and p.status = 'active'
  join program_blueprints pb on pb.program_id = wa.program_id
  join journey_blueprints jb on jb.id = pb.journey_blueprint_id
  cross join lateral (
    select v.id from journey_blueprints v
     where v.organization_id = jb.organization_id and v.key = jb.key and v.status = 'published'
     order by v.version desc limit 1) latest
  ${PROGRAM_VARIANT_JOIN}
  left join lateral (
    select true as found from conversations c
     where c.worker_assignment_id = wa.id
       and (select cb.key from journey_blueprints cb where cb.id = c.journey_blueprint_id) = jb.key
     limit 1) played on true
 where ${programStartedForWorker}
   and ${PROGRAM_VARIANT_FILTER}
   and played.found is null
 order by wa.enrollment_date, wa.id, pb.order_in_program
 limit 1`;

/**
 * SQL (`:organization_id`, `:worker`, `:at`): completes the worker's active assignments of the
 * active programs that have started for them (they have no journey left), answering their
 * program ids. `guard` is one more condition of the update (empty: none). The programs are
 * checked on each of the worker's enrollments (`is true`): joined, they let a generic plan reach
 * the enrollments through the program's index by status, every active one of the program.
 */
export function completeAssignmentsSql(guard = ''): string {
  return `update worker_assignments set status = 'completed', updated_at = :at
   where (organization_id = :organization_id) is true and worker_id = :worker and status = 'active'
     and (program_id in (select p.id from programs p
                          where p.organization_id = :organization_id and p.status = 'active' and ${programStartedForWorker})) is true${guard ? `\n     and ${guard}` : ''}
   returning program_id`;
}
