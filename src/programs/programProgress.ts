import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../db/tenancy/scopedSql';

export interface ProgramProgress {
  /** Assignments by status (active, completed…). */
  assignments: Record<string, number>;
  /** Per touchpoint of the program's blueprints, in play order: workers whose message of it was sent (not only queued or held), and of those who completed it (as the analytics funnel counts them). */
  funnel: { blueprint: string; touchpoint: string; type: string; reached: number; completed: number; firstTryCorrect: number }[];
  /** Workers by their quiz percentage in this program (only workers who answered a quiz). */
  quizScores: { from: number; to: number; workers: number }[];
  reflections: number;
  /** Average well-being answer (1–5) per ISO week (Monday, UTC) of this program's answers. */
  wellBeingTrend: { week: string; average: number; answers: number }[];
}

/** A program's figures: funnel per touchpoint, quiz score distribution, reflection count, well-being trend. */
export async function programProgress(em: EntityManager, programId: string): Promise<ProgramProgress> {
  const params = { program: programId };
  const assignments = await scopedSql<{ status: string; n: number }>(
    em,
    `select status, count(*)::int as n from worker_assignments where organization_id = :organization_id and program_id = :program group by status`,
    params,
  );
  const funnel = await scopedSql<{ blueprint: string; touchpoint: string; type: string; reached: number; completed: number; first_try_correct: number }>(
    em,
    `with tp as (
       select pb.order_in_program, jb.key as blueprint, ph.sequence_order as phase_order, t.sequence_order as tp_order, t.key as touchpoint, c.type
         from program_blueprints pb
         join journey_blueprints jb on jb.id = pb.journey_blueprint_id
         join phases ph on ph.journey_blueprint_id = jb.id
         join touchpoints t on t.phase_id = ph.id
         join content c on c.id = t.content_id
        where pb.organization_id = :organization_id and pb.program_id = :program
     ), sent as (
       -- A touchpoint is reached when its message left: one still queued, held by quiet hours or a closed window was not seen.
       select distinct c.worker_assignment_id, jb.key as blueprint, m.touchpoint_key as touchpoint
         from conversations c
         join worker_assignments wa on wa.id = c.worker_assignment_id and wa.program_id = :program
         join journey_blueprints jb on jb.id = c.journey_blueprint_id
         join messages m on m.conversation_id = c.id and m.direction = 'outbound' and m.touchpoint_key is not null and m.status in ('sent', 'delivered', 'read')
        where c.organization_id = :organization_id
     ), done as (
       select jb.key as blueprint, t.key as touchpoint,
              (count(distinct wp.worker_assignment_id) filter (where s.worker_assignment_id is not null))::int as reached,
              (count(distinct wp.worker_assignment_id) filter (where s.worker_assignment_id is not null and wp.completed_at is not null))::int as completed,
              (count(distinct wp.worker_assignment_id) filter (where wp.attempt = 1 and wp.correct))::int as first_try_correct
         from worker_progress wp
         join worker_assignments wa on wa.id = wp.worker_assignment_id and wa.program_id = :program
         join touchpoints t on t.id = wp.touchpoint_id
         join phases ph on ph.id = t.phase_id
         join journey_blueprints jb on jb.id = ph.journey_blueprint_id
         left join sent s on s.worker_assignment_id = wp.worker_assignment_id and s.blueprint = jb.key and s.touchpoint = t.key
        where wp.organization_id = :organization_id
        group by jb.key, t.key
     )
     select tp.blueprint, tp.touchpoint, tp.type, coalesce(done.reached, 0) as reached, coalesce(done.completed, 0) as completed,
            coalesce(done.first_try_correct, 0) as first_try_correct
       from tp left join done on done.blueprint = tp.blueprint and done.touchpoint = tp.touchpoint
      order by tp.order_in_program, tp.phase_order, tp.tp_order`,
    params,
  );
  const quiz = await scopedSql<{ bucket: number; n: number }>(
    em,
    `select least(floor(pct / 20), 4)::int as bucket, count(*)::int as n from (
       select 100.0 * avg(case when wp.correct then 1 else 0 end) as pct
         from worker_progress wp join worker_assignments wa on wa.id = wp.worker_assignment_id and wa.program_id = :program
        where wp.organization_id = :organization_id and wp.correct is not null
        group by wp.worker_assignment_id) per_worker
      group by 1`,
    params,
  );
  const [reflections] = await scopedSql<{ n: number }>(
    em,
    `select count(*)::int as n from worker_progress wp
       join worker_assignments wa on wa.id = wp.worker_assignment_id and wa.program_id = :program
       join touchpoints t on t.id = wp.touchpoint_id join content c on c.id = t.content_id
      where wp.organization_id = :organization_id and c.type = 'reflection' and wp.answer is not null`,
    params,
  );
  const trend = await scopedSql<{ week: string; average: string; answers: number }>(
    em,
    `select to_char(date_trunc('week', wba.answered_at at time zone 'UTC'), 'YYYY-MM-DD') as week, round(avg(wba.value), 2)::text as average, count(*)::int as answers
       from well_being_answers wba join worker_assignments wa on wa.id = wba.worker_assignment_id and wa.program_id = :program
      where wba.organization_id = :organization_id
      group by 1 order by 1`,
    params,
  );
  return {
    assignments: Object.fromEntries(assignments.map((row) => [row.status, row.n])),
    funnel: funnel.map(({ first_try_correct, ...row }) => ({ ...row, firstTryCorrect: first_try_correct })),
    quizScores: [0, 1, 2, 3, 4].map((bucket) => ({ from: bucket * 20, to: bucket === 4 ? 100 : bucket * 20 + 19, workers: quiz.find((q) => q.bucket === bucket)?.n ?? 0 })),
    reflections: reflections.n,
    wellBeingTrend: trend.map((row) => ({ week: row.week, average: Number(row.average), answers: row.answers })),
  };
}
