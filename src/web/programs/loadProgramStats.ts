import type { EntityManager } from '@mikro-orm/postgresql';
import { scopedSql } from '../../db/tenancy/scopedSql';

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
 * A program at a glance beside its analytics: the channel it sends on (null: the organization's
 * default), enrolment, recent reflections, the daily well-being average, and the organization's
 * segments (the page's filter).
 */
export async function loadProgramStats(em: EntityManager, programId: string, timeZone: string) {
  const [program] = await scopedSql<{ id: string; name: string; status: string; channel_name: string | null; enrolled: number; completed: number; dropped: number; start_date: string | null; end_date: string | null }>(
    em,
    `select p.id, p.name, p.status, to_char(p.start_date, 'YYYY-MM-DD') as start_date, to_char(p.end_date, 'YYYY-MM-DD') as end_date,
            (select count(*)::int from worker_assignments wa where wa.organization_id = :organization_id and wa.program_id = p.id and wa.status = 'dropped') as dropped,
            (select ch.name from channels ch where ch.organization_id = :organization_id and ch.id = p.channel_id) as channel_name,
            (select count(*)::int from worker_assignments wa where wa.organization_id = :organization_id and wa.program_id = p.id) as enrolled,
            (select count(*)::int from worker_assignments wa where wa.organization_id = :organization_id and wa.program_id = p.id and wa.status = 'completed') as completed
       from programs p where p.organization_id = :organization_id and p.id = :program`,
    { program: programId },
  );
  if (!program) return undefined;
  const params = { program: programId };
  const assignments = `select id from worker_assignments where organization_id = :organization_id and program_id = :program`;
  const [reflections, wellBeing, segments] = await Promise.all([
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
    scopedSql<{ id: string; name: string }>(em, `select id, name from segments where organization_id = :organization_id order by name limit 500`),
  ]);
  return { program, reflections, wellBeing: wellBeing.reverse(), segments };
}

export type ProgramStats = NonNullable<Awaited<ReturnType<typeof loadProgramStats>>>;
