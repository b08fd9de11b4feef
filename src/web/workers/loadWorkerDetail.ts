import type { EntityManager } from '@mikro-orm/postgresql';
import { loadQuizPercents } from '../../analytics/loadQuizPercents';
import { scopedSql } from '../../db/tenancy/scopedSql';

export interface WorkerRow {
  id: string;
  full_name: string;
  phone_number: string | null;
  language: string | null;
  status: string;
  opted_out_at: Date | null;
  well_being_score: number | null;
  /** Quiz questions right, of those closed (loadQuizPercents); null before any. */
  quiz_percent: number | null;
  handoff_requested_at: Date | null;
  bot_paused: boolean;
}

export interface ProgressRow {
  program_id: string;
  program: string;
  assignment_status: string;
  blueprint_title: string | null;
  touchpoint_key: string | null;
  type: string | null;
  attempt: number | null;
  completed_at: Date | null;
  score: string | null;
  correct: boolean | null;
  answer: string | null;
}

/** One program as the worker page shows it. */
export interface ProgramProgress {
  programId: string;
  program: string;
  status: string;
  touchpointsDone: number;
  /** Touchpoints in the program's journeys (by key, across versions). */
  touchpointsTotal: number;
  quizzes: { key: string; attempt: number; correct: boolean | null; score: number | null; answer: string | null }[];
  reflections: { key: string; answer: string; at: Date | null }[];
}

/** Groups progress rows (one per attempt) per program. */
function groupProgress(rows: ProgressRow[], totals: Map<string, number>): ProgramProgress[] {
  const programs = new Map<string, ProgramProgress & { done: Set<string> }>();
  for (const row of rows) {
    let entry = programs.get(row.program_id);
    if (!entry) {
      entry = { programId: row.program_id, program: row.program, status: row.assignment_status, touchpointsDone: 0, touchpointsTotal: totals.get(row.program_id) ?? 0, quizzes: [], reflections: [], done: new Set() };
      programs.set(row.program_id, entry);
    }
    if (!row.touchpoint_key) continue;
    if (row.completed_at) entry.done.add(`${row.blueprint_title}/${row.touchpoint_key}`);
    if (row.type === 'quiz' && row.completed_at) {
      entry.quizzes.push({ key: row.touchpoint_key, attempt: row.attempt ?? 1, correct: row.correct, score: row.score === null ? null : Number(row.score), answer: row.answer });
    }
    if (row.type === 'reflection' && row.answer) entry.reflections.push({ key: row.touchpoint_key, answer: row.answer, at: row.completed_at });
  }
  return [...programs.values()].map(({ done, ...entry }) => ({ ...entry, touchpointsDone: done.size }));
}

/** Everything the worker page shows but the log: the worker, progress per program, badges, well-being history. */
export async function loadWorkerDetail(em: EntityManager, workerId: string) {
  const [worker] = await scopedSql<WorkerRow>(
    em,
    `select id, full_name, phone_number, language, status, opted_out_at, well_being_score, null::int as quiz_percent, handoff_requested_at, bot_paused
       from workers where organization_id = :organization_id and id = :worker`,
    { worker: workerId },
  );
  if (!worker) return undefined;
  worker.quiz_percent = (await loadQuizPercents(em, [worker.id])).get(worker.id) ?? null;
  const [progress, badges, wellBeing, totals] = await Promise.all([
    scopedSql<ProgressRow>(
      em,
      `select p.id as program_id, p.name as program, wa.status as assignment_status, jb.title as blueprint_title, t.key as touchpoint_key, c.type,
              wp.attempt, wp.completed_at, wp.score, wp.correct, case when c.type = 'reflection' then coalesce(wp.feedback_text, wp.answer) else wp.answer end as answer
         from worker_assignments wa join programs p on p.id = wa.program_id
         left join worker_progress wp on wp.worker_assignment_id = wa.id
         left join touchpoints t on t.id = wp.touchpoint_id
         left join content c on c.id = t.content_id
         left join phases ph on ph.id = t.phase_id
         left join journey_blueprints jb on jb.id = ph.journey_blueprint_id
        where wa.organization_id = :organization_id and wa.worker_id = :worker
        order by wa.enrollment_date, wp.started_at nulls first, wp.attempt
        limit 2000`,
      { worker: workerId },
    ),
    scopedSql<{ name: string; awarded_at: Date }>(
      em,
      `select b.name, wb.awarded_at from worker_badges wb join badges b on b.id = wb.badge_id
        where wb.organization_id = :organization_id and wb.worker_id = :worker order by wb.awarded_at`,
      { worker: workerId },
    ),
    scopedSql<{ value: number; answered_at: Date }>(
      em,
      `select value, answered_at from (
         select value, answered_at from well_being_answers
          where organization_id = :organization_id and worker_id = :worker order by answered_at desc limit 30) recent
        order by answered_at`,
      { worker: workerId },
    ),
    scopedSql<{ program_id: string; total: number }>(
      em,
      `select pb.program_id, count(distinct (first.key, t.key))::int as total
         from worker_assignments wa join program_blueprints pb on pb.program_id = wa.program_id
         join journey_blueprints first on first.id = pb.journey_blueprint_id
         join journey_blueprints jb on jb.organization_id = first.organization_id and jb.key = first.key
         join phases ph on ph.journey_blueprint_id = jb.id join touchpoints t on t.phase_id = ph.id
        where wa.organization_id = :organization_id and wa.worker_id = :worker
        group by pb.program_id`,
      { worker: workerId },
    ),
  ]);
  const totalByProgram = new Map(totals.map((row) => [row.program_id, row.total]));
  return { worker, programs: groupProgress(progress, totalByProgram), badges, wellBeing };
}

export type WorkerDetail = NonNullable<Awaited<ReturnType<typeof loadWorkerDetail>>>;
