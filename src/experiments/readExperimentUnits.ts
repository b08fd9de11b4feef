import type { EntityManager } from '@mikro-orm/postgresql';
import { flowFileSchema } from '../blueprints/flowSchema';
import { listVariantExperiments } from '../blueprints/listVariantDecisions';
import { scopedSql } from '../db/tenancy/scopedSql';
import type { ExperimentView } from './readExperiment';

/** One assigned worker with every metric the engine's records give (null: not measurable for them yet). */
export interface ExperimentUnit {
  worker_id: string;
  variant: string;
  /** The worker id, or their cluster's attribute value. */
  unit_id: string;
  stratum: string | null;
  assigned_at: Date;
  /** Journey level: the variant's branch was taken; program level: the variant's first message was sent. */
  exposed_at: Date | null;
  /** Program level: when the variant's first message was delivered and read (from the provider's statuses). */
  first_delivered_at: Date | null;
  first_read_at: Date | null;
  journey_completion: number;
  touchpoint_completion: number | null;
  first_try_correct: number | null;
  quiz_score: number | null;
  reflection_submitted: number;
  well_being_baseline: number | null;
  well_being_after: number | null;
  well_being_change: number | null;
  /** Hours from the journey's start to its end. */
  time_to_complete: number | null;
  opt_out: number;
}

/** Intention-to-treat analyses every assigned worker; per-protocol only the exposed ones. */
export type Analysis = 'intention_to_treat' | 'per_protocol';

/** The columns of the unit-level CSV, in order. */
export const unitColumns: (keyof ExperimentUnit)[] = [
  'worker_id', 'variant', 'unit_id', 'stratum', 'assigned_at', 'exposed_at', 'first_delivered_at', 'first_read_at', 'journey_completion', 'touchpoint_completion', 'first_try_correct',
  'quiz_score', 'reflection_submitted', 'well_being_baseline', 'well_being_after', 'well_being_change', 'time_to_complete', 'opt_out',
];

// Set-based: each measure is one grouped pass over the page's workers, never a query per worker.
const unitsSql = `
with units as (
  select ea.worker_id, ev.key as variant, ea.unit_id, ea.stratum, ea.assigned_at, coalesce(ex.exposed_at, m.sent_at) as exposed_at,
         m.delivered_at as first_delivered_at, m.read_at as first_read_at, w.opted_out_at
    from experiment_assignments ea
    join experiment_variants ev on ev.id = ea.experiment_variant_id
    join workers w on w.id = ea.worker_id
    left join experiment_exposures ex on ex.experiment_id = ea.experiment_id and ex.worker_id = ea.worker_id
    -- Program level: the exposing conversation's first message (found through the worker's log index).
    left join lateral (
      select m.sent_at, m.delivered_at, m.read_at from messages m
       where ex.conversation_id is not null and m.organization_id = :organization_id and m.worker_id = ea.worker_id and m.conversation_id = ex.conversation_id and m.direction = 'outbound'
       order by m.seq limit 1) m on true
   where ea.organization_id = :organization_id and ea.experiment_id = :experiment and ea.worker_id > :after::uuid
   order by ea.worker_id limit :limit),
convs as (
  select c.worker_id, c.worker_assignment_id, c.journey_blueprint_id, c.status, c.started_at, c.ended_at
    from conversations c join units u on u.worker_id = c.worker_id
    join journey_blueprints jb on jb.id = c.journey_blueprint_id
   where c.organization_id = :organization_id and c.started_at >= u.assigned_at
     and (jb.key in (select jsonb_array_elements_text(:keys::jsonb))
          or c.worker_assignment_id in (select wa.id from worker_assignments wa where wa.organization_id = :organization_id and wa.program_id = :program::uuid))),
journeys as (
  select worker_id, bool_or(status = 'completed')::int as completed,
         min(extract(epoch from ended_at - started_at) / 3600) filter (where status = 'completed') as hours
    from convs group by worker_id),
progress as (
  select c.worker_id,
         avg((wp.completed_at is not null)::int) as touchpoint_completion,
         avg(wp.correct::int) filter (where ct.type = 'quiz' and wp.attempt = 1 and wp.correct is not null) as first_try_correct,
         avg(wp.score) filter (where ct.type = 'quiz' and wp.score is not null) as quiz_score,
         coalesce(bool_or(wp.feedback_text is not null) filter (where ct.type = 'reflection'), false)::int as reflection_submitted
    from convs c
    join worker_progress wp on wp.organization_id = :organization_id and wp.worker_assignment_id = c.worker_assignment_id
    join touchpoints t on t.id = wp.touchpoint_id
    join phases ph on ph.id = t.phase_id and ph.journey_blueprint_id = c.journey_blueprint_id
    join content ct on ct.id = t.content_id
   group by c.worker_id),
wellbeing as (
  select u.worker_id,
         (array_agg(wb.value order by wb.answered_at desc) filter (where wb.answered_at < u.assigned_at))[1] as baseline,
         (array_agg(wb.value order by wb.answered_at desc) filter (where wb.answered_at >= u.assigned_at))[1] as after
    from units u join well_being_answers wb on wb.organization_id = :organization_id and wb.worker_id = u.worker_id
   group by u.worker_id)
select u.worker_id, u.variant, u.unit_id, u.stratum, u.assigned_at, u.exposed_at, u.first_delivered_at, u.first_read_at,
       coalesce(j.completed, 0) as journey_completion, p.touchpoint_completion::float8, p.first_try_correct::float8, p.quiz_score::float8,
       coalesce(p.reflection_submitted, 0) as reflection_submitted, wbs.baseline as well_being_baseline, wbs.after as well_being_after,
       (wbs.after - wbs.baseline) as well_being_change, j.hours::float8 as time_to_complete,
       (u.opted_out_at is not null and u.opted_out_at >= u.assigned_at)::int as opt_out
  from units u left join journeys j on j.worker_id = u.worker_id left join progress p on p.worker_id = u.worker_id
  left join wellbeing wbs on wbs.worker_id = u.worker_id
 order by u.worker_id`;

/** Which conversations count for an experiment: a journey-level one's flows (those branching on it), a program-level one's program. */
export async function findExperimentFlows(em: EntityManager, experiment: ExperimentView): Promise<string[]> {
  if (experiment.level === 'program') return [];
  const flows = await scopedSql<{ key: string; definition: unknown }>(
    em,
    `select distinct on (key) key, definition from journey_blueprints where organization_id = :organization_id and status = 'published' order by key, version desc`,
  );
  return flows.filter((flow) => listVariantExperiments(flowFileSchema.parse(flow.definition)).includes(experiment.key)).map((flow) => flow.key);
}

/**
 * A page of the experiment's units (every assigned worker, by worker id after `after`) with their
 * metrics measured from what the engine recorded since their assignment.
 */
export async function readExperimentUnits(
  em: EntityManager,
  experiment: ExperimentView,
  page: { flows: string[]; after?: string; limit?: number },
): Promise<ExperimentUnit[]> {
  const rows = await scopedSql<ExperimentUnit>(em, unitsSql, {
    experiment: experiment.id,
    after: page.after ?? '00000000-0000-0000-0000-000000000000',
    limit: page.limit ?? 1_000_000,
    keys: JSON.stringify(page.flows),
    program: experiment.level === 'program' ? experiment.programId : null,
  });
  return rows.map((row) => ({ ...row, journey_completion: Number(row.journey_completion), reflection_submitted: Number(row.reflection_submitted), opt_out: Number(row.opt_out) }));
}
