import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';

export interface FunnelStep { blueprint: string; touchpoint: string; type: string; workers: number }
export interface QuizStep { touchpoint: string; answered: number; firstTryCorrect: number }
export interface Reflection { worker_id: string; full_name: string; touchpoint: string; answer: string; completed_at: Date }

/** The program list with enrolment and completion counts. */
export async function listPrograms(em: EntityManager) {
  return scopedSql<{ id: string; name: string; status: string; enrolled: number; completed: number }>(
    em,
    `select p.id, p.name, p.status,
            (select count(*)::int from worker_assignments wa where wa.organization_id = :organization_id and wa.program_id = p.id) as enrolled,
            (select count(*)::int from worker_assignments wa where wa.organization_id = :organization_id and wa.program_id = p.id and wa.status = 'completed') as completed
       from programs p where p.organization_id = :organization_id and not p.simulated order by p.name limit 500`,
  );
}

/**
 * A program at a glance: the channel it sends on (null: the organization's default), workers who completed each touchpoint (every version of its journeys,
 * by touchpoint key, in journey order), quizzes answered and right at the first try, the
 * distribution of quizzes right per worker, recent reflections and the daily well-being average.
 */
export async function loadProgramStats(em: EntityManager, programId: string, timeZone: string) {
  const [program] = await scopedSql<{ id: string; name: string; status: string; channel_name: string | null; enrolled: number; completed: number }>(
    em,
    `select p.id, p.name, p.status,
            (select ch.name from channels ch where ch.organization_id = :organization_id and ch.id = p.channel_id) as channel_name,
            (select count(*)::int from worker_assignments wa where wa.organization_id = :organization_id and wa.program_id = p.id) as enrolled,
            (select count(*)::int from worker_assignments wa where wa.organization_id = :organization_id and wa.program_id = p.id and wa.status = 'completed') as completed
       from programs p where p.organization_id = :organization_id and p.id = :program`,
    { program: programId },
  );
  if (!program) return undefined;
  const params = { program: programId };
  const assignments = `select id from worker_assignments where organization_id = :organization_id and program_id = :program`;
  const touchpointsOfProgram = `
    from program_blueprints pb
    join journey_blueprints first on first.id = pb.journey_blueprint_id
    join journey_blueprints jb on jb.organization_id = first.organization_id and jb.key = first.key
    join phases ph on ph.journey_blueprint_id = jb.id
    join touchpoints t on t.phase_id = ph.id
    join content c on c.id = t.content_id
    left join worker_progress wp on wp.touchpoint_id = t.id and wp.completed_at is not null
      and wp.worker_assignment_id in (select id from worker_assignments where organization_id = :organization_id and program_id = :program)`;
  const [funnel, quizzes, distribution, reflections, wellBeing] = await Promise.all([
    scopedSql<FunnelStep>(
      em,
      `select first.title as blueprint, t.key as touchpoint, min(c.type) as type, count(distinct wp.worker_assignment_id)::int as workers
       ${touchpointsOfProgram}
       where pb.organization_id = :organization_id and pb.program_id = :program
       group by first.key, first.title, t.key
       order by min(pb.order_in_program), min(ph.sequence_order), min(t.sequence_order)
       limit 200`,
      params,
    ),
    scopedSql<QuizStep>(
      em,
      `select t.key as touchpoint, count(distinct wp.worker_assignment_id)::int as answered,
              count(distinct wp.worker_assignment_id) filter (where wp.attempt = 1 and wp.correct)::int as "firstTryCorrect"
         from worker_progress wp join touchpoints t on t.id = wp.touchpoint_id join content c on c.id = t.content_id
        where wp.organization_id = :organization_id and c.type = 'quiz' and wp.completed_at is not null and wp.worker_assignment_id in (${assignments})
        group by t.key order by min(t.sequence_order), t.key limit 100`,
      params,
    ),
    scopedSql<{ correct: number; workers: number }>(
      em,
      `select correct, count(*)::int as workers from (
         select wp.worker_assignment_id, count(distinct t.key) filter (where wp.correct)::int as correct
           from worker_progress wp join touchpoints t on t.id = wp.touchpoint_id join content c on c.id = t.content_id
          where wp.organization_id = :organization_id and c.type = 'quiz' and wp.completed_at is not null and wp.worker_assignment_id in (${assignments})
          group by wp.worker_assignment_id) per_worker
        group by correct order by correct`,
      params,
    ),
    scopedSql<Reflection>(
      em,
      `select w.id as worker_id, w.full_name, t.key as touchpoint, coalesce(wp.feedback_text, wp.answer) as answer, wp.completed_at
         from worker_progress wp join touchpoints t on t.id = wp.touchpoint_id join content c on c.id = t.content_id
         join worker_assignments wa on wa.id = wp.worker_assignment_id join workers w on w.id = wa.worker_id
        where wp.organization_id = :organization_id and wa.program_id = :program and c.type = 'reflection' and coalesce(wp.feedback_text, wp.answer) is not null
        order by wp.completed_at desc limit 10`,
      params,
    ),
    scopedSql<{ day: string; average: string; answers: number }>(
      em,
      `select to_char(date_trunc('day', answered_at at time zone :zone), 'YYYY-MM-DD') as day, round(avg(value), 1) as average, count(*)::int as answers
         from well_being_answers
        where organization_id = :organization_id and worker_assignment_id in (${assignments})
        group by 1 order by 1 desc limit 30`,
      { ...params, zone: timeZone },
    ),
  ]);
  return { program, funnel, quizzes, distribution, reflections, wellBeing: wellBeing.reverse() };
}

export type ProgramStats = NonNullable<Awaited<ReturnType<typeof loadProgramStats>>>;
